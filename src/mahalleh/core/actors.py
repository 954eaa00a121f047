"""How the kernel sees a user without importing the app that defines one (``accounts.User``).

Core code types an acting user as ``Actor`` (Django's ``AbstractBaseUser``, which the project's
user model extends) and a request's user as ``AnyUser`` (signed out included). The apps' services
type it with their own ``accounts.User``.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

Actor = AbstractBaseUser
AnyUser = AbstractBaseUser | AnonymousUser
