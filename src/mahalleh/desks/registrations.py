"""What desks registers in the kernel: its menu entry, the agency's invitations in the inbox, its API."""

from __future__ import annotations


def register() -> None:
    """Filled in as the pages land (views, inbox section, API router)."""
