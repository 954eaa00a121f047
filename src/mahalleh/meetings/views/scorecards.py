"""Agency scorecards per body and Jalali period."""

import datetime
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from mahalleh.core.forms import limit_choices
from mahalleh.core.jalali import to_jalali
from mahalleh.meetings import selectors
from mahalleh.meetings.forms import DigitsInput
from mahalleh.meetings.models import Body, Meeting
from mahalleh.meetings.selectors.periods import FIRST_YEAR, LAST_YEAR
from mahalleh.places.models import Province


class ScorecardForm(forms.Form):
    body = forms.ModelChoiceField(label="نهاد", queryset=Body.objects.none(), required=False, empty_label="همه نهادهای استان")
    year = forms.IntegerField(label="سال", min_value=FIRST_YEAR, max_value=LAST_YEAR, widget=DigitsInput)
    quarter = forms.TypedChoiceField(label="فصل", coerce=int, required=False, empty_value=None,
                                     choices=[("", "کل سال"), (1, "بهار"), (2, "تابستان"), (3, "پاییز"), (4, "زمستان")])


@login_required
def scorecards(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    province = Province.objects.restrict(request.user).first()
    form = ScorecardForm(request.GET or {"year": to_jalali(_latest_with_data(request.user, province) or today).year})
    limit_choices(form, "body", Body.objects.restrict(request.user))
    rows: list[selectors.ScorecardRow] = []
    start = end = None
    if form.is_valid() and province is not None:
        start, end = selectors.period_bounds(form.cleaned_data["year"], quarter=form.cleaned_data["quarter"])
        body = form.cleaned_data["body"]
        rows = selectors.scorecards(user=request.user, province=body.province if body else province, body=body,
                                    start=start, end=min(end, datetime.date.max), today=today)
    return render(request, "meetings/scorecards.html", {"form": form, "rows": rows, "start": start, "end": end})


def _latest_with_data(user: Any, province: Province | None) -> datetime.date | None:
    """The date of the province's newest meeting the user may see: the page opens on its year, not on
    a new year with nothing in it yet."""
    if province is None:
        return None
    return (Meeting.objects.restrict(user).filter(body__province=province).order_by("-date")
            .values_list("date", flat=True).first())
