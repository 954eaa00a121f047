"""What the meetings app registers with the kernel when it starts: the labels of its audit events and how
its objects' history reads (``core.history``)."""

from typing import Any

EVENT_LABELS = {
    "attendance recorded": "ثبت حضور و غیاب",
    "meeting held": "برگزاری جلسه",
    "meeting scheduled": "تشکیل جلسه و دعوت اعضا",
    "minutes approved": "تأیید صورتجلسه",
    "minutes reopened": "بازگشایی صورتجلسه",
    "problems escalated": "طرح مشکلات محله در جلسه",
    "report accepted": "پذیرش گزارش",
    "report returned": "برگشت گزارش",
    "report submitted": "ارسال گزارش",
    "resolution accepted": "انجام مصوبه",
    "resolution cancelled": "لغو مصوبه",
    "resolution edited": "ویرایش مصوبه",
}


# The details of the named events, and what a child object is called on its parent's page.
HISTORY_LABELS = {
    "meeting": {"count": "تعداد دستگاه‌های ثبت‌شده", "resolutions": "تعداد مصوبات", "problems": "کدهای رهگیری مشکلات"},
    "resolution": {"agency": "دستگاه", "reason": "علت", "fields": "موارد ویرایش‌شده"},
    "progressreport": {"reason": "علت برگشت"},
}
# The edit form's fields a «resolution edited» event lists, by the form's own labels.
RESOLUTION_FIELDS = {
    "number": "ردیف", "text": "متن مصوبه", "deadline_raw": "زمان اقدام", "responsible_raw": "اقدام‌کننده (متن صورتجلسه)",
    "lead_agency": "دستگاه مسئول اصلی", "collaborators": "دستگاه‌های همکار", "neighborhoods": "محلات", "axes": "محورها",
    "problems": "مشکلات",
}


def _edited_fields(value: Any) -> str:
    return "، ".join(RESOLUTION_FIELDS.get(str(name), "سایر") for name in (value or []))


def connect() -> None:
    from mahalleh.core.audit import register_event_labels
    from mahalleh.core.history import HistoryFormat, history_formats

    register_event_labels(EVENT_LABELS)
    for model, labels in HISTORY_LABELS.items():
        history_formats.register(HistoryFormat(key=f"meetings.{model}", labels=labels))
    history_formats.register(HistoryFormat(
        key="meetings.resolution", labels=HISTORY_LABELS["resolution"], values={"fields": _edited_fields},
        # derived from the deadline as written (shown), with its due date (shown)
        hidden=frozenset({"deadline_kind", "deadline_amount", "deadline_unit"}),
    ))
    history_formats.register(HistoryFormat(key="meetings.assignment", title="agency"))
    history_formats.register(HistoryFormat(key="meetings.reportattachment", title="file", noun="پیوست"))
