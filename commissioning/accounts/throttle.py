"""Which address sign-in throttling counts failures against."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address, trusting X-Forwarded-For only as far as our own proxies (TRUSTED_PROXY_COUNT).

    Behind one load balancer that appends the address it saw, the last entry is the client; anything before it
    could have been written by the client and is ignored. With no trusted proxy, REMOTE_ADDR is used.
    """
    trusted = settings.TRUSTED_PROXY_COUNT
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if trusted > 0 and len(hops) >= trusted:
        return hops[-trusted]
    return str(request.META.get("REMOTE_ADDR", ""))
