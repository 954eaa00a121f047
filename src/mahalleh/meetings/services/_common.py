"""Messages and checks the meetings services share; the service base itself is ``core.services``."""

from mahalleh.meetings.errors import MeetingsError
from mahalleh.meetings.models import Meeting

CONFLICT_MEETING = "این جلسه در این فاصله توسط کاربر دیگری ویرایش شده است؛ صفحه را دوباره بارگذاری کنید."
CONFLICT_RESOLUTION = "این مصوبه در این فاصله توسط کاربر دیگری ویرایش شده است؛ صفحه را دوباره بارگذاری کنید."
APPROVED_READ_ONLY = (
    "صورتجلسه این جلسه تأیید شده و فقط‌خواندنی است؛ برای اصلاح، دبیرخانه استان باید نخست آن را بازگشایی کند."
)


def refuse_if_approved(meeting: Meeting) -> None:
    """Approved minutes are read-only until the secretariat reopens them (``meeting_reopen``): the
    meeting's header, agenda, attendance and resolutions. Follow-up reports go on."""
    if meeting.status == Meeting.Status.APPROVED:
        raise MeetingsError(APPROVED_READ_ONLY)
