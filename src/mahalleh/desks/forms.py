"""The desk pages' forms: scheduling, the day's sign-ups, answers, attendance, status, the summary."""

from __future__ import annotations

from typing import Any

from django import forms

from mahalleh.agencies.models import Agency
from mahalleh.core.forms import (
    IdempotentFormMixin,
    JalaliDateField,
    PersianTimeField,
    limit_choices,
)
from mahalleh.core.forms import VersionForm as CoreVersionForm
from mahalleh.core.scoping import CHANGE, VIEW
from mahalleh.desks.models import Desk, DeskAgency, SignUp
from mahalleh.meetings.models import Meeting, Resolution
from mahalleh.places.models import County, Neighborhood


class DeskForm(IdempotentFormMixin, forms.Form):
    kind = forms.ChoiceField(label="نوع میز", choices=Desk.Kind.choices)
    neighborhood = forms.ModelChoiceField(label="محله (میز محله)", queryset=Neighborhood.objects.none(), required=False)
    county = forms.ModelChoiceField(label="شهرستان (میز جمعه)", queryset=County.objects.none(), required=False)
    date = JalaliDateField(label="تاریخ")
    place = forms.CharField(label="محل برگزاری", required=False, max_length=200,
                            help_text="خالی: خانه محله، یا مصلی شهرستان برای میز جمعه.")
    end = PersianTimeField(label="ساعت پایان (دستی)", required=False,
                           help_text="خالی: اذان مغرب همان محل و همان روز.")
    announce = forms.BooleanField(label="اعلام‌شده (با مصوبه قرارگاه)", required=False)
    announced_by = forms.ModelChoiceField(label="مصوبه اعلام (اختیاری)", queryset=Resolution.objects.none(), required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "neighborhood", Neighborhood.objects.restrict(user, CHANGE).filter(is_target=True)
                      .select_related("county").order_by("county__name", "name"))
        limit_choices(self, "announced_by", Resolution.objects.restrict(user, VIEW).select_related("meeting__body")
                      .order_by("-meeting__date", "number"))
        hoods = Neighborhood.objects.restrict(user, CHANGE).values("county_id")
        limit_choices(self, "county", County.objects.filter(pk__in=hoods).order_by("name"))


class VersionForm(CoreVersionForm):
    record_kwarg = "desk"


class StatusForm(VersionForm):
    status = forms.ChoiceField(label="وضعیت", choices=Desk.Status.choices)


class AnswerForm(VersionForm):
    answer = forms.ChoiceField(label="پاسخ", choices=[c for c in DeskAgency.Answer.choices if c[0] != "invited"])
    deputy_name = forms.CharField(label="نام نماینده", required=False, max_length=150)


class AttendanceForm(VersionForm):
    present = forms.MultipleChoiceField(label="حاضران", required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, desk: Desk, **kwargs: Any) -> None:
        super().__init__(*args, desk=desk, **kwargs)
        invited = desk.agencies.select_related("agency").order_by("agency__name")
        field = self.fields["present"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(i.agency_id), i.agency.name) for i in invited]
        if not self.is_bound:
            self.initial["present"] = [str(i.agency_id) for i in invited if i.attended]


class SignUpForm(IdempotentFormMixin, forms.Form):
    program = forms.CharField(label="برنامه", max_length=150, error_messages={"required": "«برنامه» را بنویسید."})
    name = forms.CharField(label="نام و نام خانوادگی", max_length=150, error_messages={"required": "«نام» را بنویسید."})
    mobile = forms.CharField(label="تلفن همراه", max_length=20,
                             widget=forms.TextInput(attrs={"inputmode": "tel", "dir": "ltr", "autocomplete": "off"}))
    age_group = forms.ChoiceField(label="گروه سنی", choices=SignUp.AgeGroup.choices)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class SummaryForm(forms.Form):
    meeting = forms.ModelChoiceField(label="جلسه قرارگاه", queryset=Meeting.objects.none())

    def __init__(self, *args: Any, desk: Desk, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.db.models import Q

        covering = Q(body__province_id=desk.county.province_id, body__county__isnull=True) | Q(body__county_id=desk.county_id)
        limit_choices(self, "meeting", Meeting.objects.restrict(user, VIEW).filter(covering, date__gte=desk.date)
                      .exclude(status=Meeting.Status.APPROVED).select_related("body").order_by("date"))


class CampaignForm(IdempotentFormMixin, forms.Form):
    name = forms.CharField(label="نام پویش", max_length=150)
    lead = forms.ModelChoiceField(label="دستگاه پیشرو", queryset=Agency.objects.none())
    services = forms.CharField(label="خدمات (هر خدمت در یک سطر)", widget=forms.Textarea(attrs={"rows": 3}))
    start = JalaliDateField(label="آغاز")
    end = JalaliDateField(label="پایان")
    lead_per_day = forms.IntegerField(label="محله در روز (دستگاه پیشرو)", min_value=1, max_value=50, initial=2)
    partners = forms.ModelMultipleChoiceField(label="شرکا", queryset=Agency.objects.none(), required=False)
    partner_capacity = forms.IntegerField(label="محله در روز برای هر شریک", min_value=1, max_value=50, initial=1)

    def __init__(self, *args: Any, user: Any = None, province: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.filter(province=province, is_active=True).order_by("name")
        limit_choices(self, "lead", agencies)
        limit_choices(self, "partners", agencies)


class DeliveryForm(VersionForm):
    delivered_on = JalaliDateField(label="تاریخ اجرا")
    service = forms.CharField(label="خدمت", max_length=200)
    people_served = forms.IntegerField(label="شمار خدمت‌گیرندگان", min_value=1)
