import django_filters
from django.db.models import Q, QuerySet

from mahalleh.accounts.models import RoleAssignment, User
from mahalleh.agencies.models import Agency
from mahalleh.core.filtersets import ScopedFilterSet, scoped, search
from mahalleh.core.roles import Role
from mahalleh.places.models import County


class UserFilterSet(ScopedFilterSet):
    role = django_filters.ChoiceFilter(label="نقش", choices=Role.choices, empty_label="همه نقش‌ها", method="by_role")
    agency = django_filters.ModelChoiceFilter(label="دستگاه", queryset=scoped(Agency), empty_label="همه دستگاه‌ها",
                                              method="by_agency")
    county = django_filters.ModelChoiceFilter(label="شهرستان", queryset=scoped(County), empty_label="همه شهرستان‌ها",
                                              method="by_county")
    active = django_filters.ChoiceFilter(label="وضعیت", choices=[("true", "فعال"), ("false", "غیرفعال")],
                                         empty_label="همه", method="by_active")
    search_fields = ("username", "first_name", "last_name", "email", "phone")

    class Meta:
        model = User
        fields = ["q", "role", "agency", "county", "active"]

    def search(self, qs: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        return search(qs, value, self.search_fields)

    @staticmethod
    def _holding(qs: QuerySet[User], cond: Q) -> QuerySet[User]:
        return qs.filter(pk__in=RoleAssignment.objects.filter(cond).values("user_id"))

    def by_role(self, qs: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        return self._holding(qs, Q(role=value))

    def by_agency(self, qs: QuerySet[User], name: str, value: Agency) -> QuerySet[User]:
        return self._holding(qs, Q(agency=value))

    def by_active(self, qs: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        return qs.filter(is_active=value == "true")

    def by_county(self, qs: QuerySet[User], name: str, value: County) -> QuerySet[User]:
        return self._holding(qs, Q(county=value) | Q(agency__county=value) | Q(neighborhood__county=value))
