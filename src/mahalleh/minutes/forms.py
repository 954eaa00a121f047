"""The review screen: the draft's header, agenda, resolutions and absentees, all editable."""

from typing import Any

from django import forms

from mahalleh.agencies.models import Agency
from mahalleh.core.forms import JalaliDateField, PersianTimeField, limit_choices
from mahalleh.core.scoping import CHANGE, VIEW
from mahalleh.meetings.deadlines import parse_deadline
from mahalleh.meetings.forms import MAX_MEETING_NUMBER, MAX_RESOLUTION_NUMBER, DigitsInput
from mahalleh.meetings.models import Body


class HeaderForm(forms.Form):
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


ResolutionFormSet = forms.formset_factory(ResolutionReviewForm, extra=0)
