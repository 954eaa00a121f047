"""What the meetings app registers with the kernel when it starts: the labels of its audit events."""


EVENT_LABELS = {
    "attendance recorded": "ثبت حضور و غیاب",
    "meeting held": "برگزاری جلسه",
    "meeting scheduled": "تشکیل جلسه و دعوت اعضا",
    "minutes approved": "تأیید صورتجلسه",
    "minutes reopened": "بازگشایی صورتجلسه",
    "report accepted": "پذیرش گزارش",
    "report returned": "برگشت گزارش",
    "report submitted": "ارسال گزارش",
    "resolution accepted": "انجام مصوبه",
    "resolution cancelled": "لغو مصوبه",
    "resolution edited": "ویرایش مصوبه",
}


def connect() -> None:
    from mahalleh.core.audit import register_event_labels

    register_event_labels(EVENT_LABELS)
