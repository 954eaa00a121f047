"""The review screen: the draft's header, agenda, resolutions and absentees, all editable."""

from typing import Any

from django import forms

from mahalleh.agencies.models import Agency
from mahalleh.core.forms import IdempotentFormMixin, JalaliDateField, PersianTimeField, limit_choices
from mahalleh.core.scoping import CHANGE, VIEW
from mahalleh.core.uploads import DOCX, EXTENSIONS, PDF, TEXT, validate_upload
from mahalleh.meetings.deadlines import parse_deadline
from mahalleh.meetings.forms import MAX_MEETING_NUMBER, MAX_RESOLUTION_NUMBER, DigitsInput
from mahalleh.meetings.models import Body
from mahalleh.minutes.parsing.document import MAX_RESOLUTIONS

# What the importer takes: PDF with a text layer, Word, and plain text (UTF-8, UTF-16, Windows-1256). An
# HTML page is refused like any other upload (core.uploads): saved as Word or PDF it is read the same.
MINUTES_KINDS = frozenset({PDF, DOCX, TEXT})
MINUTES_ACCEPT = ",".join(f".{ext}" for kind in (DOCX, PDF, TEXT) for ext in EXTENSIONS[kind])


def check_minutes_file(upload: Any) -> None:
    """Raises ``ValidationError`` (Persian) unless the upload is minutes the importer may read."""
    validate_upload(upload, kinds=MINUTES_KINDS, legacy_text=True)


class HeaderForm(IdempotentFormMixin, forms.Form):
    """The draft's header; its key makes a resent confirmation answer with the meeting it made."""

    body = forms.ModelChoiceField(label="نهاد", queryset=Body.objects.none())
    number = forms.IntegerField(label="شماره جلسه", required=False, min_value=1, max_value=MAX_MEETING_NUMBER, widget=DigitsInput)
    date = JalaliDateField(label="تاریخ تشکیل")
    time = PersianTimeField(label="ساعت", required=False)
    place = forms.CharField(label="محل تشکیل", required=False)
    invitation_number = forms.CharField(label="شماره دعوتنامه", required=False)
    invitation_date = JalaliDateField(label="تاریخ دعوتنامه", required=False)
    chair = forms.CharField(label="رئیس جلسه", required=False)
    secretary = forms.CharField(label="دبیر جلسه", required=False)
    subject = forms.CharField(label="موضوع", required=False)
    agenda = forms.CharField(label="دستور کار (هر سطر یک بند)", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    narrative = forms.CharField(label="شرح مذاکرات", required=False, widget=forms.Textarea(attrs={"rows": 6}))
    absentees = forms.ModelMultipleChoiceField(label="غایبین", queryset=Agency.objects.none(), required=False,
                                               widget=forms.SelectMultiple(attrs={"size": 8}))

    def __init__(self, *args: Any, province: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The draft's province, seen through the reviewer's scope: a meeting is recorded for a body they run.
        limit_choices(self, "body", Body.objects.restrict(user, CHANGE).filter(province=province))
        limit_choices(self, "absentees", Agency.objects.restrict(user, VIEW).filter(province=province))


class ResolutionReviewForm(forms.Form):
    number = forms.IntegerField(label="ردیف", required=False, min_value=1, max_value=MAX_RESOLUTION_NUMBER, widget=DigitsInput)
    text = forms.CharField(label="متن", widget=forms.Textarea(attrs={"rows": 3}))
    responsible_written = forms.CharField(label="اقدام‌کننده (متن)", required=False, widget=forms.HiddenInput)
    lead = forms.ModelChoiceField(label="اقدام‌کننده (مسئول اصلی)", queryset=Agency.objects.none(), required=False)
    collaborators = forms.ModelMultipleChoiceField(label="همکاران", queryset=Agency.objects.none(), required=False,
                                                   widget=forms.SelectMultiple(attrs={"size": 3}))
    deadline_raw = forms.CharField(label="زمان اقدام", required=False)
    delete = forms.BooleanField(label="حذف این ردیف", required=False)

    def __init__(self, *args: Any, province: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.restrict(user, VIEW).filter(province=province)
        limit_choices(self, "lead", agencies)
        limit_choices(self, "collaborators", agencies)

    def clean_deadline_raw(self) -> str:
        raw = (self.cleaned_data.get("deadline_raw") or "").strip()
        if raw and parse_deadline(raw).kind == "none":
            raise forms.ValidationError("زمان اقدام «%(raw)s» قابل تشخیص نیست.", params={"raw": raw})
        return raw


# As many rows as the parser lets through (it refuses more, never cuts): Django's default cap is 1,000.
ResolutionFormSet = forms.formset_factory(ResolutionReviewForm, extra=0, max_num=MAX_RESOLUTIONS,
                                          absolute_max=MAX_RESOLUTIONS)
