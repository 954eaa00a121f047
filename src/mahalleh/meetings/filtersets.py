"""Filter sets of the meetings pages and API: bodies, meetings, resolutions."""

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from mahalleh.agencies.models import Agency
from mahalleh.core.filtersets import IdFilter, JalaliDateFilter, ScopedFilterSet, scoped
from mahalleh.meetings.models import Body, Meeting, Resolution, ResolutionStatus
from mahalleh.meetings.models.resolutions import ResolutionQuerySet
from mahalleh.meetings.search import search_meetings, search_resolutions
from mahalleh.places.models import County, Neighborhood


class BodyFilterSet(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(label="نوع", choices=Body.Kind.choices, empty_label="همه")

    class Meta:
        model = Body
        fields = ["q", "kind"]


class MeetingFilterSet(ScopedFilterSet):
    body = django_filters.ModelChoiceFilter(label="نهاد", queryset=scoped(Body), empty_label="همه نهادها")
    status = django_filters.ChoiceFilter(label="وضعیت", choices=Meeting.Status.choices, empty_label="همه")
    date_from = JalaliDateFilter(label="از تاریخ", field_name="date", lookup_expr="gte")
    date_to = JalaliDateFilter(label="تا تاریخ", field_name="date", lookup_expr="lte")

    class Meta:
        model = Meeting
        fields = ["q", "body", "status", "date_from", "date_to"]

    def search(self, qs: QuerySet[Meeting], name: str, value: str) -> QuerySet[Meeting]:
        return search_meetings(qs, value)


OVERDUE = "overdue"
# The resolution–neighborhood links, read as a subquery: a join would repeat a resolution per neighborhood.
NAMED = Resolution.neighborhoods.through.objects.all()


class ResolutionFilterSet(ScopedFilterSet):
    status = django_filters.ChoiceFilter(label="وضعیت", choices=[(OVERDUE, "دارای تأخیر"), *ResolutionStatus.choices],
                                         empty_label="همه", method="filter_status")
    agency = django_filters.ModelChoiceFilter(label="دستگاه", field_name="assignments__agency", queryset=scoped(Agency),
                                              empty_label="همه دستگاه‌ها", distinct=True)
    body = django_filters.ModelChoiceFilter(label="نهاد", field_name="meeting__body", queryset=scoped(Body),
                                            empty_label="همه نهادها")
    # A county's resolutions are those of its bodies' meetings and those that name one of its neighborhoods.
    county = django_filters.ModelChoiceFilter(label="شهرستان", queryset=scoped(County), empty_label="همه شهرستان‌ها",
                                              method="filter_county")
    neighborhood = django_filters.ModelChoiceFilter(label="محله", queryset=scoped(Neighborhood),
                                                    empty_label="همه محلات", method="filter_neighborhood")
    date_from = JalaliDateFilter(label="تاریخ جلسه از", field_name="meeting__date", lookup_expr="gte")
    date_to = JalaliDateFilter(label="تاریخ جلسه تا", field_name="meeting__date", lookup_expr="lte")
    due_from = JalaliDateFilter(label="سررسید از", field_name="due_date", lookup_expr="gte")
    due_to = JalaliDateFilter(label="سررسید تا", field_name="due_date", lookup_expr="lte")
    # The meeting page links to its resolutions; no list of every meeting in the form.
    meeting = IdFilter(field_name="meeting_id", widget=forms.HiddenInput)

    class Meta:
        model = Resolution
        fields = ["q", "status", "agency", "body", "county", "neighborhood", "date_from", "date_to", "due_from",
                  "due_to", "meeting"]

    def search(self, qs: QuerySet[Resolution], name: str, value: str) -> QuerySet[Resolution]:
        return search_resolutions(qs, value)

    def filter_county(self, qs: QuerySet[Resolution], name: str, value: County) -> QuerySet[Resolution]:
        named = NAMED.filter(neighborhood__county=value).values("resolution_id")
        return qs.filter(Q(meeting__body__county=value) | Q(pk__in=named))

    def filter_neighborhood(self, qs: QuerySet[Resolution], name: str, value: Neighborhood) -> QuerySet[Resolution]:
        return qs.filter(pk__in=NAMED.filter(neighborhood=value).values("resolution_id"))

    def filter_status(self, qs: ResolutionQuerySet, name: str, value: str) -> QuerySet[Resolution]:
        if value == OVERDUE:
            return qs.overdue(timezone.localdate())
        return qs.filter(status=value)
