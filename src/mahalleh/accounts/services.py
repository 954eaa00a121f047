"""The writes of accounts that are not form saves: tokens revoked, and what a password change sets off."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from mahalleh.accounts.models import ApiToken, User
from mahalleh.core.audit import record_event


@transaction.atomic
def token_revoke(*, user: User, name: str | None = None, reason: str = "revoked") -> int:
    """Revoke the user's active tokens (those named ``name``, or all); each is a ``token_revoked`` event.
    Returns how many were revoked."""
    tokens = ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True)
    if name is not None:
        tokens = tokens.filter(name=name)
    now = timezone.now()
    count = 0
    for token in tokens:
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=now)
        record_event(token, "token_revoked", user=user.username, name=token.name, reason=reason)
        count += 1
    return count


def password_changed(*, user: User) -> None:
    """A password was changed (any path: the change and reset pages, the admin, the shell): recorded,
    and every API token of the user revoked."""
    with transaction.atomic():
        record_event(user, "password_changed")
        token_revoke(user=user, reason="password_changed")
