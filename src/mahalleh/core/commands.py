"""Who a management command writes as: ``--actor USER`` (the audit names that user), or, without it, the
command itself, named in each audit row's request id (``cli-<command>-<hex>``)."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser

from mahalleh.core.actors import Actor
from mahalleh.core.context import acting_as


def add_actor_argument(parser: CommandParser) -> None:
    parser.add_argument("--actor", default=None, help="نام کاربری کسی که این کار به نام او ثبت می‌شود (در گزارش ممیزی)")


def find_actor(username: str | None) -> Actor | None:
    if not username:
        return None
    user = get_user_model()._default_manager.filter(username=username).first()
    if user is None:
        raise CommandError(f"کاربر «{username}» وجود ندارد.")
    return user


@contextlib.contextmanager
def command_acting(command: str, username: str | None) -> Iterator[Actor | None]:
    actor = find_actor(username)
    with acting_as(actor, f"cli-{command}-{uuid.uuid4().hex[:12]}"):
        yield actor
