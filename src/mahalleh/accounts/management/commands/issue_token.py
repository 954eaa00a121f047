from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from mahalleh.accounts.models import ApiToken, User
from mahalleh.core.commands import add_actor_argument, command_acting
from mahalleh.core.jalali import format_jalali


class Command(BaseCommand):
    help = "توکن API برای یک کاربر صادر می‌کند (فقط یک بار نمایش داده می‌شود؛ در سطر آخر، تنها)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("name", nargs="?", default="cli")
        parser.add_argument("--days", type=int, default=None, help="چند روز اعتبار داشته باشد (پیش‌فرض: API_TOKEN_DAYS)")
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if days is not None and not 1 <= days <= 3650:
            raise CommandError("مدت اعتبار باید میان ۱ تا ۳۶۵۰ روز باشد.")
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist as exc:
            raise CommandError(f"کاربر «{options['username']}» وجود ندارد.") from exc
        with command_acting("issue_token", options["actor"]):
            token, key = ApiToken.issue(user, options["name"], days=days)
        self.stderr.write(f"توکن «{token.name}» برای {user.username} تا {format_jalali(timezone.localdate(token.expires_at))} معتبر است.")
        self.stdout.write(key)
