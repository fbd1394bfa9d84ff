"""Site-wide permissions (django-rules, autodiscovered).

- Notifications: every signed-in user reads their own (the selector shows nobody anyone else's); anonymous
  visitors are asked to sign in.
"""

from __future__ import annotations

import rules

from commissioning.core.permissions import is_signed_in

rules.add_perm("core.view_own_notifications", is_signed_in)
