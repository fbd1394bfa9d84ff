"""What signing in records: when the user signed in this time (Django's last_login) and the time before
(previous_login), so that the home page can show what is new since the user was last here."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import update_last_login
from django.contrib.auth.signals import user_logged_in
from django.utils import timezone

SIGN_IN_DISPATCH_UID = "update_last_login"  # Django's own receiver's, which this one replaces


def stamp_sign_in(sender: Any, user: Any, **kwargs: Any) -> None:
    """Keep the last sign-in as the previous one, then stamp this one (one save, no history entry: see User.save)."""
    user.previous_login = user.last_login
    user.last_login = timezone.now()
    user.save(update_fields=["previous_login", "last_login"])


def connect() -> None:
    """Replace django.contrib.auth's update_last_login, which would stamp last_login before this could read it."""
    user_logged_in.disconnect(update_last_login, dispatch_uid=SIGN_IN_DISPATCH_UID)
    user_logged_in.connect(stamp_sign_in, dispatch_uid=SIGN_IN_DISPATCH_UID)
