from mahalleh.core.models.audit import AuditEntry
from mahalleh.core.models.calendar import Closure, MaghribOverride
from mahalleh.core.models.idempotency import IdempotencyKey
from mahalleh.core.models.ratelimit import RateCounter

__all__ = [
    "AuditEntry",
    "Closure",
    "IdempotencyKey",
    "MaghribOverride",
    "RateCounter",
]
