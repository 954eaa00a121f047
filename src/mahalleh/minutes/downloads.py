"""Minutes out: a meeting's official minutes as PDF or Word, for whoever may see the meeting."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from mahalleh.core.files import send_bytes
from mahalleh.core.scoping import VIEW, get_scoped_or_404
from mahalleh.meetings.models import Meeting
from mahalleh.minutes.export import render_minutes_docx, render_minutes_pdf

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def meeting_minutes(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    meeting = get_scoped_or_404(Meeting.objects.select_related("body__province", "body__county"), request.user, VIEW, pk=pk)
    if fmt == "pdf":
        data, ctype = render_minutes_pdf(meeting), "application/pdf"
    else:
        data, ctype = render_minutes_docx(meeting), DOCX
    return send_bytes(data, download_name=f"minutes-{meeting.pk}.{fmt}", content_type=ctype)
