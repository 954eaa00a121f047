"""Filter sets of the meetings pages and API: bodies, meetings, resolutions."""

import django_filters
from django import forms
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from mahalleh.agencies.models import Agency, ServiceAxis
from mahalleh.core.filtersets import IdFilter, JalaliDateFilter, ScopedFilterSet, scoped
from mahalleh.meetings.models import Attendance, Body, Meeting, Resolution, ResolutionStatus
from mahalleh.meetings.models.resolutions import ResolutionQuerySet
from mahalleh.meetings.search import search_meetings, search_resolutions
from mahalleh.places.models import County, Neighborhood


class BodyFilterSet(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(label="نوع", choices=Body.Kind.choices, empty_label="همه")

    class Meta:
        model = Body
        fields = ["q", "kind"]


ATTENDED, ABSENT = "attended", "absent"
PRESENCE_CHOICES = [(ATTENDED, "حاضر (یا نماینده)"), (ABSENT, "غایب")]
PRESENCE_STATUSES = {ATTENDED: (Attendance.Status.PRESENT, Attendance.Status.DEPUTY), ABSENT: (Attendance.Status.ABSENT,)}


class MeetingFilterSet(ScopedFilterSet):
    body = django_filters.ModelChoiceFilter(label="نهاد", queryset=scoped(Body), empty_label="همه نهادها")
    status = django_filters.ChoiceFilter(label="وضعیت", choices=Meeting.Status.choices, empty_label="همه")
    date_from = JalaliDateFilter(label="از تاریخ", field_name="date", lookup_expr="gte")
    date_to = JalaliDateFilter(label="تا تاریخ", field_name="date", lookup_expr="lte")
    # issue 12: the dashboards' attendance figures: the meetings of a county's bodies, and the meetings an
    # agency was recorded at (with ``presence``: attended, in person or by a deputy, or was absent from).
    county = django_filters.ModelChoiceFilter(label="شهرستان", field_name="body__county", queryset=scoped(County),
                                              empty_label="همه شهرستان‌ها")
    agency = django_filters.ModelChoiceFilter(label="دستگاه", queryset=scoped(Agency), empty_label="همه دستگاه‌ها",
                                              method="filter_agency")
    presence = django_filters.ChoiceFilter(label="حضور دستگاه", choices=PRESENCE_CHOICES, empty_label="همه",
                                           method="filter_presence")

    class Meta:
        model = Meeting
        fields = ["q", "body", "status", "date_from", "date_to", "county", "agency", "presence"]

    def search(self, qs: QuerySet[Meeting], name: str, value: str) -> QuerySet[Meeting]:
        return search_meetings(qs, value)

    def _attendance(self) -> QuerySet[Attendance]:
        rows = Attendance.objects.all()
        agency = self.form.cleaned_data.get("agency")
        if agency is not None:
            rows = rows.filter(agency=agency)
        presence = self.form.cleaned_data.get("presence")
        if presence:
            rows = rows.filter(status__in=PRESENCE_STATUSES[presence])
        return rows

    def filter_agency(self, qs: QuerySet[Meeting], name: str, value: Agency) -> QuerySet[Meeting]:
        if self.form.cleaned_data.get("presence"):
            return qs  # ``filter_presence`` takes both
        return qs.filter(pk__in=self._attendance().values("meeting_id"))

    def filter_presence(self, qs: QuerySet[Meeting], name: str, value: str) -> QuerySet[Meeting]:
        return qs.filter(pk__in=self._attendance().values("meeting_id"))


OVERDUE = "overdue"
# issue 12: every resolution not yet closed (open, in progress, reported, returned), and those done on time
# (accepted by their due date, or done with no due date), as the dashboards count them per agency.
UNCLOSED, ON_TIME = "unclosed", "on_time"
# The resolution–neighborhood links, read as a subquery: a join would repeat a resolution per neighborhood.
NAMED = Resolution.neighborhoods.through.objects.all()


class ResolutionFilterSet(ScopedFilterSet):
    status = django_filters.ChoiceFilter(label="وضعیت", choices=[(UNCLOSED, "همه باز"), (OVERDUE, "دارای تأخیر"), (ON_TIME, "انجام‌شده در مهلت"),
                                                  *ResolutionStatus.choices],
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
    axis = django_filters.ModelChoiceFilter(label="محور", queryset=ServiceAxis.objects.all(), empty_label="همه محورها",
                                            method="filter_axis")
    date_from = JalaliDateFilter(label="تاریخ جلسه از", field_name="meeting__date", lookup_expr="gte")
    date_to = JalaliDateFilter(label="تاریخ جلسه تا", field_name="meeting__date", lookup_expr="lte")
    due_from = JalaliDateFilter(label="سررسید از", field_name="due_date", lookup_expr="gte")
    due_to = JalaliDateFilter(label="سررسید تا", field_name="due_date", lookup_expr="lte")
    # The meeting page links to its resolutions; no list of every meeting in the form.
    meeting = IdFilter(field_name="meeting_id", widget=forms.HiddenInput)

    class Meta:
        model = Resolution
        fields = ["q", "status", "agency", "body", "county", "neighborhood", "axis", "date_from", "date_to", "due_from",
                  "due_to", "meeting"]

    def search(self, qs: QuerySet[Resolution], name: str, value: str) -> QuerySet[Resolution]:
        return search_resolutions(qs, value)

    def filter_county(self, qs: QuerySet[Resolution], name: str, value: County) -> QuerySet[Resolution]:
        named = NAMED.filter(neighborhood__county=value).values("resolution_id")
        return qs.filter(Q(meeting__body__county=value) | Q(pk__in=named))

    def filter_neighborhood(self, qs: QuerySet[Resolution], name: str, value: Neighborhood) -> QuerySet[Resolution]:
        return qs.filter(pk__in=NAMED.filter(neighborhood=value).values("resolution_id"))

    def filter_axis(self, qs: QuerySet[Resolution], name: str, value: ServiceAxis) -> QuerySet[Resolution]:
        return qs.filter(pk__in=Resolution.axes.through.objects.filter(serviceaxis=value).values("resolution_id"))

    def filter_status(self, qs: ResolutionQuerySet, name: str, value: str) -> QuerySet[Resolution]:
        if value == OVERDUE:
            return qs.overdue(timezone.localdate())
        if value == UNCLOSED:
            return qs.open()
        if value == ON_TIME:
            return qs.filter(status=ResolutionStatus.DONE).filter(Q(due_date__isnull=True) | Q(done_at__lte=F("due_date")))
        return qs.filter(status=value)
