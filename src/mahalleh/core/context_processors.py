"""Template context shared by every page."""

import datetime

from django.http import HttpRequest
from django.utils import timezone


def today(request: HttpRequest) -> dict[str, datetime.date]:
    """Today's date in the site's time zone (Asia/Tehran); the footer shows it as a Jalali date."""
    return {"today": timezone.localdate()}
