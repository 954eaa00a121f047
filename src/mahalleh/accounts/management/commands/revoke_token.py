from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mahalleh.accounts.models import User
from mahalleh.accounts.services import token_revoke
from mahalleh.core.commands import add_actor_argument, command_acting
from mahalleh.core.text import to_persian_digits


class Command(BaseCommand):
    help = "توکن‌های API یک کاربر را باطل می‌کند: یکی به نام آن، یا با --all همه را."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("name", nargs="?", default=None)
        parser.add_argument("--all", action="store_true", help="همه توکن‌های کاربر")
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        name, everything = options["name"], options["all"]
        if (name is None) == (not everything):
            raise CommandError("یا نام توکن را بدهید یا --all را (نه هر دو).")
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"کاربر «{options['username']}» وجود ندارد.")
        with command_acting("revoke_token", options["actor"]):
            count = token_revoke(user=user, name=None if everything else name)
        if count == 0 and not everything:
            raise CommandError(f"توکن فعالی به نام «{name}» برای {user.username} نیست.")
        self.stdout.write(f"{to_persian_digits(count)} توکن باطل شد.")
