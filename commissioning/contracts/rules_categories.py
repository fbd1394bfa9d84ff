"""Who may see and change procurement categories (django-rules; loaded by contracts/rules.py).

Everyone inside the council reads the categories and their pages (spend, contracts, suppliers); officers and
finance add and edit them, as they do contracts. Providers, partners and the public see none.
"""

from __future__ import annotations

import rules

from commissioning.core.permissions import is_finance, is_internal, is_officer

rules.add_perm("contracts.list_categories", is_internal)
rules.add_perm("contracts.view_category", is_internal)
rules.add_perm("contracts.add_category", is_officer | is_finance)
rules.add_perm("contracts.change_category", is_officer | is_finance)
