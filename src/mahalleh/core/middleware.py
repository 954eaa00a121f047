import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from mahalleh.core.context import acting_as

# A client's X-Request-ID (e.g. from a proxy that already logs one) is kept only if it is this plain;
# anything else is dropped for an id of our own, so the audit's request ids cannot be forged into text.
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9-]{8,64}")


def request_id_of(request: HttpRequest) -> str:
    offered = request.headers.get("X-Request-ID", "")
    if REQUEST_ID_PATTERN.fullmatch(offered):
        return offered
    return uuid.uuid4().hex


class RequestContextMiddleware:
    """Gives each request an id (echoed in X-Request-ID) and makes the user the actor of its writes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_of(request)
        request.request_id = request_id  # type: ignore[attr-defined]  # our own attribute; django-stubs declares HttpRequest closed
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
        with acting_as(actor, request_id):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class SessionRenewalMiddleware:
    """The idle timeout without a database write on every page: a signed-in session is saved again (its
    expiry moved SESSION_COOKIE_AGE ahead) only when its last renewal is SESSION_RENEW_SECONDS old. A
    session therefore ends between SESSION_COOKIE_AGE − SESSION_RENEW_SECONDS and SESSION_COOKIE_AGE after
    its last request. Nothing is cached: the renewal time lives in the session itself."""

    KEY = "_renewed_at"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty() and session.get("_auth_user_id"):
            now = int(time.time())
            if now - int(session.get(self.KEY, 0)) >= settings.SESSION_RENEW_SECONDS:
                session[self.KEY] = now  # marks it modified: SessionMiddleware saves it and re-sends the cookie
        return response
