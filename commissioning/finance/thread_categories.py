"""The sections finance adds to a procurement category's page (commissioning.contracts): its spend and its savings,
in the places the page offers (core.thread.CATEGORY_SPEND_KEY and CATEGORY_SAVINGS_KEY). The category's ``scope``
(a core.thread.CategoryScope of ids, set by the contracts page) is all finance reads of it: finance does not import
contracts, its sibling."""

from __future__ import annotations

from typing import Any

from commissioning.core.thread import CategoryScope, ThreadSection
from commissioning.finance import selectors_categories as selectors


def _scope(category: Any) -> CategoryScope:
    return getattr(category, "scope", None) or CategoryScope()


def spend_of_category(user: Any, category: Any) -> ThreadSection | None:
    """Published spend with the category's suppliers, last full year and this year to date (three queries)."""
    return ThreadSection(
        template="finance/_category_spend.html", context={"spend": selectors.category_spend(scope=_scope(category))}
    )


def savings_of_category(user: Any, category: Any) -> ThreadSection | None:
    """The savings lines on the category's services, for those inside the council (one query)."""
    savings = selectors.category_savings(user=user, scope=_scope(category))
    if savings is None:
        return None
    return ThreadSection(template="finance/_category_savings.html", context={"savings": savings})
