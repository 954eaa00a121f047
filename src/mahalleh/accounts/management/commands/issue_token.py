from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mahalleh.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "توکن API برای یک کاربر صادر می‌کند (فقط یک بار نمایش داده می‌شود)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("name", nargs="?", default="cli")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist as exc:
            raise CommandError(f"کاربر «{options['username']}» وجود ندارد.") from exc
        _, key = ApiToken.issue(user, options["name"])
        self.stdout.write(key)
