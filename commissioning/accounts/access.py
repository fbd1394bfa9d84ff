"""Who is acting on a request."""

from __future__ import annotations

from django.http import HttpRequest

from commissioning.accounts.models import User
from commissioning.core.access import SignInRequired


def acting_user(request: HttpRequest) -> User:
    """The signed-in user who is making a change (views call this after a permission check)."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise SignInRequired
    return user
