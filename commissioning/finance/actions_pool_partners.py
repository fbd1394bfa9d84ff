"""Writes for a pool's partners and their payments (finfinish): add a partner, change one (name, organisation, risk
share, contact), remove one, and record a payment of a contribution.

Each is one transaction. The pool's row is locked first, so two finance officers changing its partners take turns,
and each change is one history entry on the partner and one on the pool ("Partner added: ..."), so the pool's
History tab tells the story and an open edit form of the pool is refused (EditConflict) rather than saving shares
for the partners it did not know. The shares must still add up as the pool's rule needs
(``actions_pools.check_shares``, the pool's own check): a form that changes one partner offers the other partners'
shares too, to rebalance in the same save. A partner with contributions recorded (other than £0) is never removed;
one with none is archived, never deleted, and an organisation added again comes back on its old entry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.core.actions import record_archive, record_save
from commissioning.core.audit import save_with_history
from commissioning.core.concurrency import claim_form_token, lock_for_update
from commissioning.finance.actions_pools import check_shares
from commissioning.finance.calculations import year_label
from commissioning.finance.models import PooledFund, PoolPartner, PoolPayment

PARTNER_ALREADY_IN = "{organisation} is already a partner in this pool"
PARTNER_HAS_CONTRIBUTIONS = (
    "{name} cannot be removed from the pool: contributions are recorded for them in {years}. "
    "A partner who has put money in stays in the pool's statements"
)
PARTNER_LAST = "{name} is the pool's only partner: a pooled fund needs at least one partner"
PARTNER_REMOVED_ALREADY = "This partner has already been removed from the pool"
REMOVE_REASON_REQUIRED = "Enter why the partner is leaving the pool"
PAYMENT_PARTNER_INVALID = "Choose a partner in this pool"


@dataclass(frozen=True)
class PartnerDetails:
    organisation: Any
    name: str
    share: Decimal
    contact_name: str = ""
    contact_email: str = ""


def _lock_pool(pool: PooledFund) -> PooledFund:
    """The pool's row locked to the end of the transaction (``FOR NO KEY UPDATE``: it excludes the other writers of
    its partners, but lets a transaction that inserted a row pointing at the pool commit; ARCHITECTURE.md)."""
    locked: PooledFund = PooledFund.objects.select_for_update(no_key=True).get(pk=pool.pk)
    return locked


def _others(pool: PooledFund, *, but: PoolPartner | None = None) -> list[PoolPartner]:
    partners = PoolPartner.objects.filter(pool=pool).active().select_related("organisation").order_by("position", "pk")
    return [p for p in partners if but is None or p.pk != but.pk]


def _rebalance(others: list[PoolPartner], shares: dict[int, Decimal]) -> list[PoolPartner]:
    """The other partners whose share the form changes (their new share set, not yet saved)."""
    changed = []
    for partner in others:
        share = shares.get(partner.pk, partner.share)
        if share != partner.share:
            partner.share = share
            changed.append(partner)
    return changed


def _check_organisation(pool: PooledFund, organisation: Any, *, but: PoolPartner | None = None) -> None:
    taken = PoolPartner.objects.filter(pool=pool, organisation=organisation).active()
    if but is not None:
        taken = taken.exclude(pk=but.pk)
    if taken.exists():
        raise ValidationError({"organisation": PARTNER_ALREADY_IN.format(organisation=organisation.name)})


def _apply(partner: PoolPartner, details: PartnerDetails) -> None:
    partner.organisation = details.organisation
    partner.name = details.name.strip()
    partner.share = details.share
    partner.contact_name = details.contact_name.strip()
    partner.contact_email = details.contact_email.strip()


def _save_rebalanced(changed: list[PoolPartner], *, by: Any, reason: str) -> None:
    for other in changed:
        save_with_history(other, by=by, reason=f"Risk share changed: {reason}")


@transaction.atomic
def pool_partner_add(
    *, pool: PooledFund, details: PartnerDetails, shares: dict[int, Decimal], by: Any, form_token: Any = None
) -> PoolPartner:
    """Add a partner to the pool with its risk share (and any other partners' shares changed to make room); the
    shares must add up as the pool's rule needs. An organisation that left the pool before comes back on its old
    entry, so its history stays in one place."""
    claim = claim_form_token(form_token, by=by)
    pool = _lock_pool(pool)
    _check_organisation(pool, details.organisation)
    others = _others(pool)
    changed = _rebalance(others, shares)
    check_shares(pool.method, [details.share, *(p.share for p in others)], field="share")
    partner = PoolPartner.objects.filter(pool=pool, organisation=details.organisation).first() or PoolPartner(pool=pool)
    returning = partner.pk is not None
    _apply(partner, details)
    partner.position = max((p.position for p in others), default=-1) + 1
    partner.archived_at, partner.archived_by, partner.archive_reason = None, None, ""
    reason = f"Partner added: {partner.display_name}"
    record_save(partner, by=by, reason="Partner added again" if returning else "Partner added", claim=claim)
    _save_rebalanced(changed, by=by, reason=reason)
    save_with_history(pool, by=by, reason=reason)
    return partner


@transaction.atomic
def pool_partner_update(
    *, partner: PoolPartner, details: PartnerDetails, shares: dict[int, Decimal], by: Any, version: str | None
) -> PoolPartner:
    """Change a partner's name, organisation, risk share and contact (and the other partners' shares with it)."""
    pool = _lock_pool(partner.pool)
    fresh = lock_for_update(PoolPartner, pk=partner.pk, version=version)
    if fresh.is_archived:
        raise ValidationError(PARTNER_REMOVED_ALREADY)
    _check_organisation(pool, details.organisation, but=fresh)
    others = _others(pool, but=fresh)
    changed = _rebalance(others, shares)
    check_shares(pool.method, [details.share, *(p.share for p in others)], field="share")
    _apply(fresh, details)
    reason = f"Partner changed: {fresh.display_name}"
    record_save(fresh, by=by, reason="Partner changed")
    _save_rebalanced(changed, by=by, reason=reason)
    save_with_history(pool, by=by, reason=reason)
    return fresh


@transaction.atomic
def pool_partner_remove(
    *, partner: PoolPartner, reason: str, shares: dict[int, Decimal], by: Any, version: str | None
) -> PoolPartner:
    """Remove a partner from the pool, with the reason, and the other partners' shares set to add up without it.
    Refused, by name, for a partner with contributions recorded, and for the pool's only partner. The entry is
    archived (never deleted), so the pool's history still shows it."""
    pool = _lock_pool(partner.pool)
    others = _others(pool, but=partner)
    changed = _rebalance(others, shares)

    def check(fresh: PoolPartner) -> None:
        years = sorted(set(fresh.contributions.exclude(amount=0).values_list("year__financial_year", flat=True)))
        if years:
            raise ValidationError(PARTNER_HAS_CONTRIBUTIONS.format(name=fresh.display_name, years=", ".join(years)))
        if not others and not fresh.is_archived:
            raise ValidationError(PARTNER_LAST.format(name=fresh.display_name))
        if not fresh.is_archived:
            check_shares(pool.method, [p.share for p in others], field="reason" if not shares else _first(shares))

    removed = record_archive(
        record=partner,
        by=by,
        reason=reason,
        reason_required=REMOVE_REASON_REQUIRED,
        already=PARTNER_REMOVED_ALREADY,
        history="Removed from the pool",
        lock=lambda record: lock_for_update(PoolPartner, pk=record.pk, version=version),
        check=check,
    )
    _save_rebalanced(changed, by=by, reason=f"{removed.display_name} removed")
    save_with_history(pool, by=by, reason=f"Partner removed: {removed.display_name}: {reason.strip()}")
    return removed


def _first(shares: dict[int, Decimal]) -> str:
    return f"share_{min(shares)}"


@transaction.atomic
def pool_payment_record(
    *, pool: PooledFund, partner: PoolPartner, date: dt.date, amount: Decimal, by: Any, form_token: Any = None
) -> PoolPayment:
    """A partner's payment of their contribution, dated (a refund is negative)."""
    claim = claim_form_token(form_token, by=by)
    if partner.pool_id != pool.pk or partner.is_archived:
        raise ValidationError({"partner": PAYMENT_PARTNER_INVALID})
    payment = PoolPayment(partner=partner, date=date, financial_year=year_label(date), amount=amount)
    return record_save(payment, by=by, reason=f"Payment by {partner.display_name}", claim=claim)
