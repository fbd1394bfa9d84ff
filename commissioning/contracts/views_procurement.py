"""Procurement and grant award pages, under /contracts/procurements/. Thin: permission, form, one action or selector,
render or redirect."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from commissioning.accounts.selectors import acting_user
from commissioning.contracts import actions_procurement as actions
from commissioning.contracts import calculations_procurement as calc
from commissioning.contracts import ocds
from commissioning.contracts import selectors_procurement as sel
from commissioning.contracts.forms_procurement import (
    AwardForm,
    BidForm,
    CriteriaForm,
    GrantForm,
    LotForm,
    ProcurementForm,
    ScoresForm,
)
from commissioning.contracts.models import Bid, GrantAward, Procurement
from commissioning.core import generic
from commissioning.core.access import require

STAGE_NAMES = {
    "planning": "Planning",
    "tender": "Tender",
    "award": "Award",
    "contract": "Contract",
    "implementation": "Implementation",
}


def _get(request: HttpRequest, pk: int) -> Procurement:
    return generic.get_visible_or_404(request, sel.procurement_detail, "contracts.view_procurement", pk=pk)


def _get_bid(request: HttpRequest, pk: int) -> Bid:
    return generic.get_visible_or_404(request, sel.bid_detail, "contracts.view_bid", pk=pk)


def _get_grant(request: HttpRequest, pk: int) -> GrantAward:
    return generic.get_visible_or_404(request, sel.grant_detail, "contracts.view_grant", pk=pk)


def _url(procurement: Procurement) -> str:
    return reverse("contracts:procurement", args=[procurement.pk])


def procurement_list(request: HttpRequest) -> HttpResponse:
    require(request, "contracts.list_procurements")
    return render(
        request,
        "contracts/procurement/list.html",
        {"procurements": sel.procurement_list(user=request.user), "grants": sel.grant_list(user=request.user)},
    )


def procurement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    procurement = _get(request, pk)
    found = sel.evaluation(procurement)
    facts = sel.stage_facts(procurement, bids=len(found.bids))
    return render(
        request,
        "contracts/procurement/detail.html",
        {
            "procurement": procurement,
            "object": procurement,
            "tab": "summary",
            "evaluation": found,
            "stage": calc.stage(**facts),
            "stages": calc.stages(**facts),
            "stage_names": STAGE_NAMES,
        },
    )


procurement_create = generic.create_view(
    perm="contracts.add_procurement",
    form=ProcurementForm,
    act=lambda form, **kw: actions.procurement_create(
        details=form.details(), decision=form.cleaned_data["decision"], **kw
    ),
    done=lambda p, **_: f"{p.title} has been started as {p.reference} (ocid {p.ocid}).",
    to=_url,
    template="contracts/procurement/form.html",
    context=lambda form: {"procurement": None},
)

procurement_edit = generic.edit_view(
    _get,
    perm="contracts.change_procurement",
    form=ProcurementForm,
    act=lambda form, procurement, **kw: actions.procurement_update(
        procurement=procurement, details=form.details(), reason=form.cleaned_data.get("reason", ""), **kw
    ),
    done=lambda p, _saved, **_: f"Your changes to {p.title} have been saved.",
    to=_url,
    template="contracts/procurement/form.html",
    context=lambda form, procurement: {"procurement": procurement},
)

lot_create = generic.create_view(
    get=_get,
    perm="contracts.evaluate_procurement",
    form=LotForm,
    act=lambda form, procurement, **kw: actions.lot_add(
        procurement=procurement,
        title=form.cleaned_data["title"],
        estimated_value=form.cleaned_data.get("estimated_value"),
        **kw,
    ),
    done=lambda lot, **_: f"Lot {lot.number} has been added.",
    to=lambda lot: _url(lot.procurement),
    template="contracts/procurement/lot_form.html",
    context=lambda form, procurement: {"procurement": procurement},
)

bid_create = generic.create_view(
    get=_get,
    perm="contracts.evaluate_procurement",
    form=BidForm,
    form_kwargs=lambda request, procurement: {"procurement": procurement},
    act=lambda form, procurement, **kw: actions.bid_add(
        procurement=procurement,
        bidder=form.cleaned_data.get("bidder"),
        in_house=bool(form.cleaned_data.get("in_house")),
        **kw,
    ),
    done=lambda bid, **_: f"The bid from {bid.name} has been added.",
    to=lambda bid: reverse("contracts:bid", args=[bid.pk]),
    template="contracts/procurement/bid_form.html",
    context=lambda form, procurement: {"procurement": procurement},
)


@require_http_methods(["GET", "POST"])
def criteria(request: HttpRequest, pk: int) -> HttpResponse:
    procurement = _get(request, pk)
    require(request, "contracts.evaluate_procurement", procurement)
    form = CriteriaForm(request.POST or None, criteria=sel.current_criteria(procurement), versioned=procurement)
    return generic.save_page(
        request,
        form,
        lambda: actions.procurement_criteria_set(
            procurement=procurement, criteria=form.criteria(), by=acting_user(request), version=form.version
        ),
        done=lambda p: "The evaluation criteria have been saved.",
        to=_url,
        template="contracts/procurement/criteria.html",
        context={"procurement": procurement, "total_weight": calc.TOTAL_WEIGHT},
    )


@require_http_methods(["GET", "POST"])
def bid_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A bid and its scores: inside the council, and for the bidder only (their own) once the contract is awarded.
    The evaluation team scores it here while the procurement is open."""
    bid = _get_bid(request, pk)
    scored = sel.bid_scores(bid)
    can_score = request.user.has_perm("contracts.score_bid", bid)
    if request.method == "POST":
        require(request, "contracts.score_bid", bid)
    form = ScoresForm(request.POST or None, scored=scored) if can_score else None
    context = {"bid": bid, "procurement": bid.procurement, "scored": scored, "max_score": calc.MAX_SCORE}
    if form is None:
        return render(request, "contracts/procurement/bid.html", {"form": None, **context})
    return generic.save_page(
        request,
        form,
        lambda: actions.bid_scores_set(bid=bid, scores=form.scores(), by=acting_user(request)),
        done=lambda b: f"The scores of {b.name} have been saved.",
        to=lambda b: _url(b.procurement),
        template="contracts/procurement/bid.html",
        context=context,
    )


@require_http_methods(["GET", "POST"])
def award(request: HttpRequest, pk: int) -> HttpResponse:
    procurement = _get(request, pk)
    require(request, "contracts.evaluate_procurement", procurement)
    found = sel.evaluation(procurement)
    form = AwardForm(request.POST or None, procurement=procurement, bids=found.bids)
    return generic.save_page(
        request,
        form,
        lambda: actions.procurement_award(
            procurement=procurement, details=form.details(), by=acting_user(request), version=form.version
        ),
        done=lambda p: f"{p.title} has been awarded: {p.contract} is on the register.",
        to=_url,
        template="contracts/procurement/award.html",
        context={"procurement": procurement, "evaluation": found},
    )


def ocds_package(request: HttpRequest, pk: int) -> HttpResponse:
    """The procurement's OCDS release package (no scores), public once the procurement is published."""
    procurement = _get(request, pk)
    bids = sel.bid_count(procurement)
    package = ocds.release_package(
        procurement,
        uri=request.build_absolute_uri(),
        buyer=sel.buyer_name(),
        bids=bids,
        stage=calc.stage(**sel.stage_facts(procurement, bids=bids)),
    )
    response = HttpResponse(json.dumps(package, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{procurement.ocid}.json"'
    return response


procurement_history = generic.history_view(
    _get,
    perm="contracts.view_procurement_history",
    tabs="contracts/procurement/_header.html",
    context=lambda procurement: {"procurement": procurement},
)

grant_create = generic.create_view(
    perm="contracts.add_grant",
    form=GrantForm,
    act=lambda form, **kw: actions.grant_award_create(details=form.details(), **kw),
    done=lambda grant, **_: (
        f"{grant.title} has been awarded as {grant.reference}: {grant.contract} is on the register."
    ),
    to=lambda grant: reverse("contracts:grant", args=[grant.pk]),
    template="contracts/procurement/grant_form.html",
    context=lambda form: {},
)


def grant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    grant = _get_grant(request, pk)
    return render(request, "contracts/procurement/grant.html", {"grant": grant})
