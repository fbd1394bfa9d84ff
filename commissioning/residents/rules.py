"""Who may see and do what in the residents app (django-rules, autodiscovered): the public pages, complaints and
places. Each part adds its own rules module and imports it here."""

from __future__ import annotations

from commissioning.residents import (
    rules_complaints,  # noqa: F401
    rules_public,  # noqa: F401  (the finder, who runs a service, places)
)
