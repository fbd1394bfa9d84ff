"""Recommendations' bridge to engine/: the response's due date, the follow-up dates, overdue and due soon."""

from __future__ import annotations

from engine.governance.recommendations import add_months, is_due_soon, is_overdue, next_follow_up, response_due

__all__ = ["add_months", "is_due_soon", "is_overdue", "next_follow_up", "response_due"]
