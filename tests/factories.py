"""factory_boy factories for the domain; tests build exactly the rows they need."""

import datetime

import factory

from mahalleh.accounts.models import RoleAssignment, User
from mahalleh.agencies.models import Agency, AgencyAlias
from mahalleh.core.roles import Role
from mahalleh.meetings.models import Assignment, Body, Meeting, Resolution
from mahalleh.places.models import County, Neighborhood, NeighborhoodContact, Province


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"استان {n}")
    code = factory.Sequence(lambda n: f"p{n}")


class CountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = County

    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"شهرستان {n}")


class NeighborhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighborhood

    county = factory.SubFactory(CountyFactory)
    name = factory.Sequence(lambda n: f"محله {n}")
    population = 12000
    households = 3500
    is_target = True


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NeighborhoodContact

    neighborhood = factory.SubFactory(NeighborhoodFactory)
    kind = NeighborhoodContact.Kind.MANAGER
    full_name = factory.Sequence(lambda n: f"مدیر شماره {n}")
    phone = factory.Sequence(lambda n: f"0912{n:07d}")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"اداره کل شماره {n}")


class AgencyAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyAlias

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"نام دیگر {n}")


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"قرارگاه {n}")
    kind = Body.Kind.PROVINCIAL_HQ


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    number = factory.Sequence(lambda n: n + 1)
    date = datetime.date(2022, 7, 14)  # 1401/04/23
    status = Meeting.Status.HELD


class ResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resolution

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"مقرر گردید اقدام شماره {n} انجام شود.")


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    resolution = factory.SubFactory(ResolutionFactory)
    agency = factory.SubFactory(AgencyFactory)
    is_lead = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "pass-1234")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def user_with_role(role: Role, **scope) -> User:
    """A user holding one role, scoped to the given province/county/agency/neighborhood."""
    user = UserFactory()
    RoleAssignment.objects.create(user=user, role=role, **scope)
    return user


# ---- meetings follow-up (added for tests/meetings) -------------------------------------------


class BodyMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.BodyMembership"

    body = factory.SubFactory(BodyFactory)
    agency = factory.SubFactory(AgencyFactory, province=factory.SelfAttribute("..body.province"))


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Attendance"

    meeting = factory.SubFactory(MeetingFactory)
    agency = factory.SubFactory(AgencyFactory, province=factory.SelfAttribute("..meeting.body.province"))
    status = "present"


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.ProgressReport"

    assignment = factory.SubFactory(AssignmentFactory)
    text = factory.Sequence(lambda n: f"گزارش اقدام شماره {n}")
    percent = 50
