"""Who may use the public service finder, "Who runs this service" and the place pages (django-rules): everyone,
signed in or not. What each page shows is decided by the selectors (the public: published records only); council
staff and councillors also see what is not published, and a ward's intelligence."""

from __future__ import annotations

import rules

from commissioning.core.permissions import is_internal

rules.add_perm("residents.find_service", rules.always_allow)
rules.add_perm("residents.view_place", rules.always_allow)
rules.add_perm("residents.view_place_details", is_internal)
