"""Pages for member involvement (the protocol, each review's plan, My involvement) and the stage gates of a review."""

from __future__ import annotations
