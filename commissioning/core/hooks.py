"""Writes that cross apps: hooks that one app's action runs, inside its own transaction, for another app.

Apps in one tier are siblings and never import each other, and no app imports a tier above it (ADR 0017). Most
writes stay inside one app. When an action must also change another app's records in the same transaction (a
contract awarded adds the savings lines finance keeps; a complaint upheld records a quality signal), that app is
not imported. Instead:

1. The event is named here in core, as a constant with its keyword arguments documented, for example
   ``CONTRACT_AWARDED = "contracts.contract_awarded"  # contract=Contract, by=User``, so neither app imports the other.
2. The app whose records change registers a hook from its ``AppConfig.ready()``:
   ``hooks.register(CONTRACT_AWARDED, savings_lines_from_contract)``. The hook is one of its own actions (or a thin
   wrapper around one): it checks its own rules, saves with history and raises ``ValidationError`` to refuse.
3. The acting app's action calls ``hooks.run(CONTRACT_AWARDED, contract=contract, by=by)`` inside its
   ``@transaction.atomic``, after its own writes.

Every hook runs inside the caller's transaction (``run`` refuses to run outside one), so the writes of both apps
commit together or not at all: a hook that raises rolls the whole action back, and the caller's form shows the
error. Hooks run in registration order, which is INSTALLED_APPS order (commissioning/registry.py). A higher tier
that only needs a lower app's write calls that app's action directly, as ``imports`` does: hooks are for writes
across siblings, or from a lower app into a higher one. Like the golden-thread registry, this one holds code, not
data: every process fills it the same way at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

Hook = Callable[..., None]

# The events (each documented with its keyword arguments).
# A published decision adopts a business case's option: finance makes the savings lines it promised (ADR 0024).
BUSINESS_CASE_ADOPTED = "governance.business_case_adopted"  # decision=Decision, by=User

# finance asks for the decision that approves a virement in Cabinet's or Council's band (ADR 0026): governance finds
# the published decision with this reference, checks that the body that took it holds the power (approver is
# "cabinet": Cabinet, a cabinet member or Council; "council": Council), and sets ``virement.decision``; else it raises
# ValidationError({"decision_reference": ...}). virement=Virement (not yet saved), reference=str, approver=str, by=User
VIREMENT_DECISION = "finance.virement_decision"

NOT_IN_A_TRANSACTION = "Hooks for {event!r} must run inside the action's transaction (@transaction.atomic)."

_hooks: dict[str, list[Hook]] = {}


def register(event: str, hook: Hook) -> None:
    """Run ``hook(**arguments)`` whenever an action runs ``event`` (registering twice adds it once)."""
    hooks = _hooks.setdefault(event, [])
    if hook not in hooks:
        hooks.append(hook)


def run(event: str, **arguments: Any) -> None:
    """Run every hook registered for the event, in registration order, in the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(NOT_IN_A_TRANSACTION.format(event=event))
    for hook in _hooks.get(event, []):
        hook(**arguments)
