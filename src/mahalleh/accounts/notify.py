"""Telling an agency's people: its focal points, and one SMS and one e-mail to each. Shared by every
app that reminds an agency of its work (resolutions, problems)."""

from __future__ import annotations

from collections.abc import Iterable

from mahalleh.accounts.models import User
from mahalleh.core.notify import send_email, send_sms
from mahalleh.core.roles import Role


def focal_points(agency_id: int) -> list[User]:
    """The active users holding the agency focal-point role for this agency."""
    return list(
        User.objects.filter(
            is_active=True, role_assignments__role=Role.AGENCY, role_assignments__agency_id=agency_id
        )
        .distinct()
        .order_by("pk")
    )


def deliver(recipients: Iterable[User], *, subject: str, body: str, sms: str) -> None:
    """One SMS and one e-mail per person (never a shared To: list); raises NotifyError on failure.

    SMS first: the gateway is what fails in practice, and failing before the e-mail means a retry
    repeats less.
    """
    for user in recipients:
        if user.phone:
            send_sms(user.phone, sms)
        if user.email:
            send_email([user.email], subject, body)
