"""Reads for procurement and grant awards: the only place that builds their querysets, and where visibility is
applied (it agrees with rules_procurement.py). A provider contact sees a procurement their organisation bid in and
their own bid's scores once it is awarded, never another bidder's; the public sees published procurements and no
scores at all."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Length

from commissioning.accounts.models import Organisation
from commissioning.contracts import calculations_procurement as calc
from commissioning.contracts.models import Bid, EvaluationCriterion, GrantAward, Procurement, Score
from commissioning.contracts.selectors import _role, today
from commissioning.core.permissions import Role


def visible_procurements(*, user: Any) -> QuerySet[Procurement]:
    role = _role(user)
    procurements = Procurement.objects.all()
    if role in Role.INTERNAL:
        return procurements
    public = Q(published=True, archived_at__isnull=True)
    if role == Role.PROVIDER and user.organisation_id:
        bidding = Procurement.objects.filter(bids__bidder_id=user.organisation_id).values("pk")
        return procurements.filter(public | Q(pk__in=bidding))
    return procurements.filter(public)


def procurement_list(*, user: Any) -> QuerySet[Procurement]:
    return (
        visible_procurements(user=user)
        .filter(archived_at__isnull=True)
        .select_related("directorate", "contract")
        .annotate(bid_count=Count("bids", distinct=True))
        .order_by("-reference")
    )


def procurement_detail(*, user: Any, pk: int) -> Procurement:
    return (
        visible_procurements(user=user)
        .select_related(
            "directorate",
            "lead",
            "adopting_decision",
            "business_case",
            "option",
            "award_decision",
            "contract",
            "winner__bidder",
        )
        .prefetch_related("lots")
        .get(pk=pk)
    )


def current_criteria(procurement: Procurement) -> list[EvaluationCriterion]:
    return list(EvaluationCriterion.objects.filter(procurement=procurement, archived_at__isnull=True))


def procurement_bids(procurement: Procurement) -> list[Bid]:
    scores = Score.objects.filter(criterion__archived_at__isnull=True)
    return list(
        Bid.objects.filter(procurement=procurement, archived_at__isnull=True)
        .select_related("bidder")
        .prefetch_related(Prefetch("scores", queryset=scores))
    )


@dataclass(frozen=True)
class Evaluation:
    criteria: list[EvaluationCriterion]
    bids: list[Bid]
    ranking: Sequence[calc.RankedBid]

    @property
    def weights_ok(self) -> bool:
        return bool(self.criteria) and calc.weights_add_up([c.weight for c in self.criteria])

    @property
    def best(self) -> calc.RankedBid | None:
        return calc.winner(self.ranking) if self.weights_ok else None

    def bid_of(self, key: str) -> Bid:
        return next(b for b in self.bids if str(b.pk) == key)

    def scores_of(self, bid: Bid) -> dict[int, int]:
        return {s.criterion_id: s.score for s in bid.scores.all()}


def evaluation(procurement: Procurement, *, criteria: list[EvaluationCriterion] | None = None) -> Evaluation:
    """The criteria, the bids with their scores and the ranking (two queries besides the criteria)."""
    criteria = current_criteria(procurement) if criteria is None else criteria
    bids = procurement_bids(procurement)
    ranking = calc.evaluate(
        criteria=[(c.pk, c.name, c.weight) for c in criteria],
        bids=[(b.pk, b.name, {s.criterion_id: s.score for s in b.scores.all()}) for b in bids],
    )
    return Evaluation(criteria=criteria, bids=bids, ranking=ranking)


def stage_facts(procurement: Procurement, *, bids: int) -> dict[str, Any]:
    return {
        "tender_start": procurement.tender_start,
        "bids": bids,
        "awarded": procurement.is_awarded,
        "contract_start": procurement.contract.start_date if procurement.contract else procurement.contract_start,
        "today": today(),
    }


def bid_count(procurement: Procurement) -> int:
    return Bid.objects.filter(procurement=procurement, archived_at__isnull=True).count()


def bid_detail(*, user: Any, pk: int) -> Bid:
    """One bid with its procurement (the rules decide who may see it and its scores)."""
    return (
        Bid.objects.filter(procurement__in=visible_procurements(user=user))
        .select_related("procurement", "bidder", "procurement__contract")
        .get(pk=pk)
    )


def bid_scores(bid: Bid) -> list[tuple[EvaluationCriterion, int | None]]:
    criteria = current_criteria(bid.procurement)
    scores = {s.criterion_id: s.score for s in Score.objects.filter(bid=bid)}
    return [(c, scores.get(c.pk)) for c in criteria]


# Grant awards ----------------------------------------------------------------------------------------------------


def visible_grants(*, user: Any) -> QuerySet[GrantAward]:
    role = _role(user)
    grants = GrantAward.objects.all()
    if role in Role.INTERNAL:
        return grants
    public = Q(contract__published=True, archived_at__isnull=True)
    if role == Role.PROVIDER and user.organisation_id:
        return grants.filter(public | Q(recipient_id=user.organisation_id))
    return grants.filter(public)


def grant_list(*, user: Any) -> QuerySet[GrantAward]:
    return visible_grants(user=user).filter(archived_at__isnull=True).select_related("recipient").order_by("-reference")


def grant_detail(*, user: Any, pk: int) -> GrantAward:
    return (
        visible_grants(user=user)
        .select_related("recipient", "directorate", "manager", "decision", "contract")
        .get(pk=pk)
    )


# Choices for the forms --------------------------------------------------------------------------------------------


def _decisions() -> QuerySet[Any]:
    decision_model = Procurement._meta.get_field("adopting_decision").related_model
    return decision_model._default_manager.filter(status="published")  # type: ignore[union-attr]


def adopting_decision_choices() -> QuerySet[Any]:
    """Published decisions that adopted a business case's option (governance's, through the string key)."""
    return (
        _decisions()
        .filter(adopted_option__isnull=False)
        .select_related("adopted_option")
        .order_by("-decided_on", "-pk")
    )


def decision_choices() -> QuerySet[Any]:
    return _decisions().order_by("-decided_on", "-pk")


def bidder_choices() -> QuerySet[Organisation]:
    return Organisation.objects.filter(archived_at__isnull=True, is_home=False).order_by("name")


def recipient_choices() -> QuerySet[Organisation]:
    return bidder_choices().filter(Q(is_vcse=True) | Q(kind__in=["charity", "social_enterprise"]))


def ocid_for(reference: str) -> str:
    return f"{settings.OCDS_PREFIX}-{reference}"


def _next(model: Any, prefix: str) -> str:
    last = (
        model.objects.filter(reference__startswith=prefix)
        .order_by(Length("reference").desc(), "-reference")
        .values_list("reference", flat=True)
    ).first()
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:03d}"


def next_procurement_reference(*, year: int) -> str:
    return _next(Procurement, f"PRO-{year}-")


def next_grant_reference(*, year: int) -> str:
    return _next(GrantAward, f"GRA-{year}-")


def next_lot_number(procurement: Procurement) -> int:
    last = procurement.lots.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


def buyer_name() -> str:
    """The council buying: the home council's name, else COUNCIL_NAME."""
    name = Organisation.objects.filter(is_home=True).values_list("name", flat=True).first()
    return name or settings.COUNCIL_NAME or "The council"
