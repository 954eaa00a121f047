"""Forms of the meetings pages; they only parse input, the services decide."""

from typing import Any

from django import forms

from mahalleh.agencies.models import Agency, ServiceAxis
from mahalleh.core.forms import (
    IdempotentFormMixin,
    JalaliDateField,
    PersianTimeField,
    limit_choices,
    version_field,
)
from mahalleh.core.scoping import CHANGE
from mahalleh.core.uploads import DOCUMENTS, SafeFileField
from mahalleh.meetings.models import Attendance, Body, Meeting
from mahalleh.places.models import Neighborhood
from mahalleh.problems.models import Problem


class DigitsInput(forms.TextInput):
    """A text box for a whole number: a browser's number input refuses Persian digits («۱۰۰»)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "numeric", "dir": "ltr", "autocomplete": "off"} | (attrs or {}))


# The largest numbers their columns hold (PositiveIntegerField, PositiveSmallIntegerField): PostgreSQL refuses
# a larger one with a server error, SQLite stores it; the form refuses it on both.
MAX_MEETING_NUMBER = 2_147_483_647
MAX_RESOLUTION_NUMBER = 32_767


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class MeetingForm(IdempotentFormMixin, forms.Form):
    """Schedules (the key makes a resent form answer with the meeting made) or edits (``version``)."""

    body = forms.ModelChoiceField(label="نهاد", queryset=Body.objects.none())
    number = forms.IntegerField(label="شماره جلسه", required=False, min_value=1, max_value=MAX_MEETING_NUMBER, widget=DigitsInput,
                                help_text="خالی بماند تا شماره بعدی نهاد گذاشته شود.")
    date = JalaliDateField(label="تاریخ تشکیل")
    start_time = PersianTimeField(label="ساعت", required=False)
    place = forms.CharField(label="محل تشکیل جلسه", required=False, max_length=200)
    invitation_number = forms.CharField(label="شماره دعوتنامه", required=False, max_length=50)
    invitation_date = JalaliDateField(label="تاریخ دعوتنامه", required=False)
    chair = forms.CharField(label="رئیس جلسه", required=False, max_length=200)
    secretary = forms.CharField(label="دبیر جلسه", required=False, max_length=200)
    subject = forms.CharField(label="موضوع", required=False, max_length=300)
    agenda = forms.CharField(label="دستور کار (هر سطر یک بند)", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    narrative = forms.CharField(label="شرح مذاکرات", required=False, widget=forms.Textarea(attrs={"rows": 8}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "body", Body.objects.restrict(user, CHANGE))

    def clean_agenda(self) -> list[str]:
        return _lines(self.cleaned_data.get("agenda", ""))


class ProblemsField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Problems by their tracking code, category and neighborhood."""

    def label_from_instance(self, obj: Any) -> str:
        from mahalleh.problems.codes import display

        return f"{display(obj.tracking_code)} — {obj.category} — {obj.neighborhood}"


class ResolutionForm(IdempotentFormMixin, forms.Form):
    number = forms.IntegerField(label="ردیف", required=False, min_value=1, max_value=MAX_RESOLUTION_NUMBER, widget=DigitsInput)
    text = forms.CharField(label="متن مصوبه", widget=forms.Textarea(attrs={"rows": 4}))
    lead_agency = forms.ModelChoiceField(label="اقدام‌کننده (مسئول اصلی)", queryset=Agency.objects.none())
    collaborators = forms.ModelMultipleChoiceField(label="دستگاه‌های همکار", queryset=Agency.objects.none(), required=False)
    deadline_raw = forms.CharField(label="زمان اقدام", required=False, max_length=100,
                                   help_text="مانند «یک هفته»، «۱۰ روز کاری»، «بطور مستمر»، «۱۴۰۱/۰۵/۱۵».")
    neighborhoods = forms.ModelMultipleChoiceField(label="محلات", queryset=Neighborhood.objects.none(), required=False)
    axes = forms.ModelMultipleChoiceField(label="محورها", queryset=ServiceAxis.objects.all(), required=False,
                                          widget=forms.CheckboxSelectMultiple)
    # Only when the meeting's agenda names problems (``escalation.agenda_problems``); removed otherwise.
    problems = ProblemsField(label="مشکلاتی که این مصوبه پاسخ می‌دهد", queryset=Problem.objects.none(),
                             required=False, widget=forms.CheckboxSelectMultiple)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any = None, problems: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.restrict(user).filter(is_active=True)
        limit_choices(self, "lead_agency", agencies)
        limit_choices(self, "collaborators", agencies)
        limit_choices(self, "neighborhoods", Neighborhood.objects.restrict(user).select_related("county"))
        if problems is not None and problems.exists():
            limit_choices(self, "problems", problems)
        else:
            del self.fields["problems"]

    def clean_deadline_raw(self) -> str:
        from mahalleh.meetings.deadlines import parse_deadline

        raw: str = self.cleaned_data.get("deadline_raw", "").strip()
        if raw and parse_deadline(raw).kind == "none":
            raise forms.ValidationError("زمان اقدام «%(raw)s» قابل تشخیص نیست.", params={"raw": raw})
        return raw


class AttendanceForm(forms.Form):
    """One status and representative per invited agency, at the meeting's ``version`` it was loaded at."""

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"] = version_field(meeting.version)
        self.rows = list(meeting.attendances.select_related("agency").order_by("agency__name"))
        choices = [c for c in Attendance.Status.choices if c[0] != Attendance.Status.INVITED]
        for row in self.rows:
            self.fields[f"s{row.agency_id}"] = forms.ChoiceField(
                label=row.agency.name, choices=[("", "—"), *choices], required=False, initial=row.status
                if row.status != Attendance.Status.INVITED else "",
            )
            self.fields[f"r{row.agency_id}"] = forms.CharField(
                label="نماینده", required=False, max_length=150, initial=row.representative
            )

    def entries(self) -> dict[int, tuple[str, str]]:
        out = {}
        for row in self.rows:
            status = self.cleaned_data.get(f"s{row.agency_id}")
            if status:
                out[row.agency_id] = (status, self.cleaned_data.get(f"r{row.agency_id}", ""))
        return out

    def bound_rows(self) -> list[tuple[Any, Any, Any]]:
        return [(row, self[f"s{row.agency_id}"], self[f"r{row.agency_id}"]) for row in self.rows]


class ReportForm(IdempotentFormMixin, forms.Form):
    text = forms.CharField(label="شرح اقدام", widget=forms.Textarea(attrs={"rows": 4}))
    percent = forms.IntegerField(label="درصد پیشرفت", min_value=0, max_value=100, initial=0, widget=DigitsInput)
    # checked by content (core.uploads): PDF, images, Word, Excel, plain text; never a page or an SVG
    attachments = SafeFileField(label="پیوست‌ها", required=False, multiple=True, kinds=DOCUMENTS)
    period = JalaliDateField(label="ماه گزارش (برای مصوبات مستمر)", required=False)


class ReturnForm(forms.Form):
    reason = forms.CharField(label="علت برگشت", widget=forms.Textarea(attrs={"rows": 3}))


class CancelForm(forms.Form):
    reason = forms.CharField(label="علت لغو", widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class StepForm(forms.Form):
    """A status button of the meeting page (held, approve): the meeting's version the page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReopenForm(StepForm):
    reason = forms.CharField(label="علت بازگشایی", max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))


class MeetingChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A meeting by its body, number and Jalali date, and its status."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.get_status_display()})"


class EscalateForm(forms.Form):
    """Put a problem on a meeting's agenda: the meetings the user may (``escalation.meetings_for``), and
    the problem's ``version`` as the page showed it."""

    meeting = MeetingChoiceField(label="جلسه", queryset=Meeting.objects.none(),
                                 help_text="جلسات برنامه‌ریزی‌شده یا برگزارشده نهادهای حوزه این محله که صورتجلسه آنها هنوز تأیید نشده است.")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "meeting", meetings)
