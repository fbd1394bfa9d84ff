"""Signing in: Django's model backend, which also refuses demo accounts where demo users are not allowed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class AccountBackend(ModelBackend):
    """A demo account (made by seed_demo, ``User.is_demo``) signs in only where ``settings.DEMO_USERS_ALLOWED``.

    A database seeded for the demo and then served with production settings must not let anyone in with the demo
    password. The refusal looks like any wrong password (the form says only that the username or password is
    wrong), and a demo account's existing session ends too: ``get_user`` asks the same question."""

    def user_can_authenticate(self, user: Any) -> bool:
        if getattr(user, "is_demo", False) and not settings.DEMO_USERS_ALLOWED:
            return False
        return bool(super().user_can_authenticate(user))
