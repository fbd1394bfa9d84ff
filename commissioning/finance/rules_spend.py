"""Who may see and map spend (django-rules): everyone, signed in or not, sees published spend (the Transparency
Code data, with redacted suppliers never named); finance officers, who own spend, map suppliers and expense areas."""

from __future__ import annotations

import rules

from commissioning.core.permissions import is_finance

rules.add_perm("finance.view_spend", rules.always_allow)
rules.add_perm("finance.map_spend", is_finance)
