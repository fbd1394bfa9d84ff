"""Pages for a pool's partners and their payments (finfinish): add a partner, change one, remove one (with a reason),
and record a payment of a contribution. Thin, through core's create and edit shapes."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from commissioning.core import generic
from commissioning.finance import actions_pool_partners as actions
from commissioning.finance import selectors_pools as selectors
from commissioning.finance.forms_pool_partners import PartnerForm, PartnerRemoveForm, PaymentForm
from commissioning.finance.models import PooledFund, PoolPartner, PoolPayment


def _pool(request: HttpRequest, pk: int) -> PooledFund:
    return generic.get_visible_or_404(request, selectors.pool_detail, "finance.view_pool", pk=pk)


def _partner(request: HttpRequest, pk: int) -> PoolPartner:
    return generic.get_visible_or_404(request, selectors.pool_partner_detail, "finance.view_pool_partner", pk=pk)


def _pool_url(pool_id: int) -> str:
    return reverse("finance:pool", args=[pool_id]) + "#partners"


partner_create = generic.create_view(
    get=_pool,
    perm="finance.change_pool",
    form=PartnerForm,
    form_kwargs=lambda request, pool: {"pool": pool},
    act=lambda form, pool, **kw: actions.pool_partner_add(
        pool=pool, details=form.details(), shares=form.shares(), **kw
    ),
    done=lambda partner, **_: f"{partner.display_name} has been added to the pool.",
    to=lambda partner: _pool_url(partner.pool_id),
    template="finance/pools/partner.html",
    context=lambda form, pool: {"pool": pool, "title": "Add a partner"},
)

partner_edit = generic.edit_view(
    _partner,
    perm="finance.change_pool_partner",
    form=PartnerForm,
    form_kwargs=lambda request, partner: {"pool": partner.pool, "partner": partner},
    act=lambda form, partner, **kw: actions.pool_partner_update(
        partner=partner, details=form.details(), shares=form.shares(), **kw
    ),
    done=lambda partner, saved, **_: f"{saved.display_name} has been saved.",
    to=lambda partner: _pool_url(partner.pool_id),
    template="finance/pools/partner.html",
    context=lambda form, partner: {"pool": partner.pool, "partner": partner, "title": "Change a partner"},
)

partner_remove = generic.edit_view(
    _partner,
    perm="finance.change_pool_partner",
    form=PartnerRemoveForm,
    form_kwargs=lambda request, partner: {"partner": partner},
    act=lambda form, partner, **kw: actions.pool_partner_remove(
        partner=partner, reason=form.cleaned_data["reason"], shares=form.shares(), **kw
    ),
    done=lambda partner, saved, **_: f"{saved.display_name} has been removed from the pool.",
    to=lambda partner: _pool_url(partner.pool_id),
    template="finance/pools/partner_remove.html",
    context=lambda form, partner: {"pool": partner.pool, "partner": partner},
)


def _payment_record(form: PaymentForm, pool: PooledFund, **kw: Any) -> PoolPayment:
    data = form.cleaned_data
    return actions.pool_payment_record(
        pool=pool, partner=data["partner"], date=data["date"], amount=data["amount"], **kw
    )


payment_create = generic.create_view(
    get=_pool,
    perm="finance.change_pool",
    form=PaymentForm,
    form_kwargs=lambda request, pool: {"pool": pool},
    act=_payment_record,
    done=lambda payment, **_: (
        f"A payment of £{payment.amount:,.2f} by {payment.partner.display_name} has been recorded."
    ),
    to=lambda payment: (
        reverse("finance:pool-statement", args=[payment.partner.pool_id])
        + f"?year={payment.financial_year}&period=year"
    ),
    template="finance/pools/payment.html",
    context=lambda form, pool: {"pool": pool},
)
