from mahalleh.core.models.audit import AuditEntry
from mahalleh.core.models.calendar import Closure, MaghribOverride
from mahalleh.core.models.users import LoginFailure

__all__ = [
    "AuditEntry",
    "Closure",
    "LoginFailure",
    "MaghribOverride",
]
