"""Messages the meetings services share; the service base itself is ``core.services``."""

CONFLICT_MEETING = "این جلسه در این فاصله توسط کاربر دیگری ویرایش شده است؛ صفحه را دوباره بارگذاری کنید."
CONFLICT_RESOLUTION = "این مصوبه در این فاصله توسط کاربر دیگری ویرایش شده است؛ صفحه را دوباره بارگذاری کنید."
