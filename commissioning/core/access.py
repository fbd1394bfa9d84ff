"""Permission checks for views: one call, the right response for who is asking."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest


class Refused(PermissionDenied):
    """A signed-in user refused by a permission rule: the 403 handler logs who, where and which rule, in one line."""

    def __init__(self, perm: str, obj: Any = None) -> None:
        super().__init__(perm)
        self.perm = perm
        meta = getattr(obj, "_meta", None)
        # The record the rule was asked about, by its label and key (never its text, which may be personal).
        self.about = f"{meta.label} {obj.pk}" if meta is not None else ""


class SignInRequired(Exception):  # noqa: N818 - an instruction, not an error
    """Raised for anonymous users; the middleware turns it into a redirect to the sign-in page."""


def require(request: HttpRequest, perm: str, obj: Any = None) -> None:
    """Allow, or send anonymous users to sign in and refuse everyone else with 403."""
    if request.user.has_perm(perm, obj):
        return
    if not request.user.is_authenticated:
        raise SignInRequired
    raise Refused(perm, obj)


def require_visible(request: HttpRequest, perm: str, obj: Any) -> None:
    """Like require, but a record the user may not see answers 404 so that its existence is not revealed."""
    if not request.user.has_perm(perm, obj):
        raise Http404


class SignInRequiredMiddleware:
    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> Any:
        if isinstance(exception, SignInRequired):
            return redirect_to_login(request.get_full_path())
        return None
