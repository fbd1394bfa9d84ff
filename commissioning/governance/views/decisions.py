"""Pages for decisions (versions, resolutions, votes, declarations), the forward plan of key decisions and call-in."""

from __future__ import annotations
