"""Permissions for the site's shell."""

from __future__ import annotations

import rules

from commissioning.core.permissions import is_admin

# The "Administration" link to Django's admin site (which itself asks for is_staff and the group's permissions).
rules.add_perm("portal.view_admin_site", is_admin)
