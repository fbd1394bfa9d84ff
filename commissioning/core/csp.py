"""The Content-Security-Policy of every HTML page: scripts, styles, images and fonts from this site only, inline
``<script>`` and ``<style>`` elements only with the request's nonce, and no inline event handlers or style attributes.

- ``CspMiddleware`` gives each request a fresh nonce (``request.csp_nonce``) and puts the policy on every ``text/html``
  response: our pages, the error pages and the admin site alike (Django 5.2's admin has no inline script, and its
  one inline ``<style>`` is for a change list whose ModelAdmin turns off both ``actions_on_top`` and
  ``actions_on_bottom``, which ours never do; simple-history's one style attribute is gone from our copy of its
  template, ``core/admin/object_history_list.html``). Other responses (CSV, Excel, PDF, JSON, static files) run
  nothing and get no policy.
- Templates give an inline element the nonce with ``nonce="{{ csp_nonce() }}"``; ``core/base.html`` hands it to GOV.UK's
  page template (``cspNonce``) for its one inline script, which marks the body ``js-enabled``.
- Charts are inline SVG with no ``<style>`` and no style attributes (``commissioning.core.charts`` turns matplotlib's
  into SVG presentation attributes), so the policy needs neither ``'unsafe-inline'`` nor ``'unsafe-hashes'``.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from jinja2 import pass_context

HEADER = "Content-Security-Policy"
NONCE_ATTRIBUTE = "csp_nonce"


def policy(nonce: str) -> str:
    """The policy for a page whose inline scripts and styles carry ``nonce``."""
    directives = {
        "default-src": "'self'",
        "script-src": f"'self' 'nonce-{nonce}'",
        "style-src": f"'self' 'nonce-{nonce}'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


class CspMiddleware:
    """A nonce for each request, and the policy on each HTML response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        setattr(request, NONCE_ATTRIBUTE, new_nonce())
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if content_type.split(";")[0].strip().lower() == "text/html" and HEADER not in response:
            response[HEADER] = policy(getattr(request, NONCE_ATTRIBUTE))
        return response


@pass_context
def csp_nonce(context: Any) -> str:
    """The Jinja global ``csp_nonce()``: this request's nonce ("" when a template is rendered without a request, as
    an email is, where nothing runs)."""
    request = context.get("request")
    return str(getattr(request, NONCE_ATTRIBUTE, "")) if request is not None else ""
