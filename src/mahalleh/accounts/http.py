"""Request types of views that only a signed-in user reaches (``login_required``, ``LoginRequiredMixin``,
an API route behind its auth): ``request.user`` is then our ``User``, never ``AnonymousUser``."""

from django.http import HttpRequest

from mahalleh.accounts.models import User
from mahalleh.core.htmx import HtmxHttpRequest


class AuthenticatedHttpRequest(HttpRequest):
    user: User


class AuthenticatedHtmxRequest(HtmxHttpRequest):
    user: User
