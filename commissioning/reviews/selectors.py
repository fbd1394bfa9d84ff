"""Reads for commissioning reviews: the only place that builds review querysets."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When

from commissioning.accounts.models import User
from commissioning.core import priority
from commissioning.core.permissions import Role
from commissioning.core.priority import Criterion, Source
from commissioning.core.sample import HOME_LIMIT, Sample, empty, sample
from commissioning.core.search import search
from commissioning.reviews import calculations
from commissioning.reviews.calculations import current_quarter
from commissioning.reviews.models import (
    CommissioningOfficer,
    CommissioningReview,
    CriterionScore,
    PriorityJudgement,
    PriorityModel,
    ProgrammeScenario,
    ReviewStatus,
    ScenarioStatus,
    ScheduledReview,
    ScoreSource,
    ServiceSkill,
    Skill,
    Stage,
)
from commissioning.services.models import Directorate, Service
from commissioning.services.selectors import visible_services

SORTS = {
    "planned_start": ("planned_start", "planned_end", "reference"),
    "planned_end": ("planned_end", "planned_start", "reference"),
    "reference": ("reference",),
    "title": ("title", "reference"),
    "directorate": ("directorate__name", "planned_start", "reference"),
    "stage": ("stage_order", "planned_start", "reference"),
    "lead": ("lead_commissioner__last_name", "lead_commissioner__first_name", "planned_start", "reference"),
}
DEFAULT_SORT = "planned_start"
REFERENCE_PREFIX = "CR"


@dataclass(frozen=True)
class ReviewFilters:
    """What the list page was asked for. Empty values mean "any"."""

    q: str = ""
    stage: str = ""
    status: str = ""
    directorate: int | None = None
    service: int | None = None
    quarter: str = ""  # canonical label, like "2026/27 Q2": reviews planned to run during that quarter
    include_archived: bool = False
    sort: str = DEFAULT_SORT
    descending: bool = False


def _role(user: Any) -> str | None:
    return getattr(user, "role", None) if user.is_authenticated and user.is_active else None


def visible_reviews(*, user: Any) -> QuerySet[CommissioningReview]:
    """Everything this user may see: internal roles every review, everyone else (providers too) published current ones.

    This agrees with reviews.view_commissioningreview in rules.py.
    """
    reviews = CommissioningReview.objects.all()
    if _role(user) in Role.INTERNAL:
        return reviews
    return reviews.filter(published=True, archived_at__isnull=True)


def _services_under_review(user: Any) -> Prefetch:
    """The services a review covers, as far as this user may see them (a published review can cover a draft service)."""
    return Prefetch(
        "services",
        queryset=visible_services(user=user).select_related("directorate").order_by("name", "reference"),
    )


def review_list(*, user: Any, filters: ReviewFilters) -> QuerySet[CommissioningReview]:
    reviews = (
        visible_reviews(user=user)
        .select_related("directorate", "lead_commissioner")
        .prefetch_related(_services_under_review(user))
        .annotate(
            stage_order=Case(
                *[When(stage=value, then=Value(index)) for index, value in enumerate(Stage.values)],
                default=Value(len(Stage.values)),
                output_field=IntegerField(),
            )
        )
    )
    if not filters.include_archived:
        reviews = reviews.filter(archived_at__isnull=True)
    links = CommissioningReview.services.through.objects.filter(commissioningreview_id=OuterRef("pk"))
    reviews = search(
        reviews,
        filters.q,
        "search_text",
        # or one of the services under review that this user may see, by its name or reference
        also=lambda word: Q(Exists(links.filter(service__in=search(visible_services(user=user), word, "search_key")))),
    )
    if filters.stage in Stage.values:
        reviews = reviews.filter(stage=filters.stage)
    if filters.status in ReviewStatus.values:
        reviews = reviews.filter(status=filters.status)
    if filters.directorate:
        reviews = reviews.filter(directorate_id=filters.directorate)
    if filters.service:
        reviews = reviews.filter(services__pk=filters.service)
    if filters.quarter:
        # Canonical labels have a fixed width, so comparing them compares the quarters.
        reviews = reviews.filter(planned_start__lte=filters.quarter, planned_end__gte=filters.quarter)
    order = SORTS.get(filters.sort, SORTS[DEFAULT_SORT])
    if filters.descending:
        order = (f"-{order[0]}", *order[1:])
    return reviews.order_by(*order, "pk")


def review_export_rows(reviews: QuerySet[CommissioningReview], *, user: Any) -> Iterator[list[Any]]:
    """Rows for the CSV and Excel downloads: three queries whatever the number of rows.

    Services are read as (review, service) id pairs and named from one lookup of the services this user may see,
    so a download never names a service the user could not open.
    """
    names = {
        pk: f"{name} ({reference})"
        for pk, name, reference in visible_services(user=user).values_list("pk", "name", "reference")
    }
    covered: dict[int, list[str]] = {}
    links = CommissioningReview.services.through.objects.filter(
        commissioningreview_id__in=reviews.values("pk")
    ).values_list("commissioningreview_id", "service_id")
    for review_id, service_id in links.iterator(chunk_size=5000):
        if service_id in names:
            covered.setdefault(review_id, []).append(names[service_id])
    for review in reviews.prefetch_related(None).iterator(chunk_size=500):
        yield [
            review.reference,
            review.title,
            review.purpose,
            "; ".join(sorted(covered.get(review.pk, []))),
            review.directorate.name,
            str(review.lead_commissioner),
            review.get_stage_display(),
            review.planned_start,
            review.planned_end,
            review.get_status_display(),
            review.published,
            "Archived" if review.is_archived else "Current",
        ]


EXPORT_HEADERS = [
    "Reference",
    "Review",
    "Purpose",
    "Services under review",
    "Directorate",
    "Lead commissioner",
    "Stage",
    "Planned start",
    "Planned end",
    "Status",
    "Published",
    "Record",
]


def review_detail(*, user: Any, pk: int) -> CommissioningReview:
    """Raises CommissioningReview.DoesNotExist when the review is missing or not visible to this user."""
    return (
        visible_reviews(user=user)
        .select_related("directorate", "lead_commissioner", "archived_by")
        .prefetch_related(_services_under_review(user))
        .get(pk=pk)
    )


def reviews_for_service(*, user: Any, service: Service) -> QuerySet[CommissioningReview]:
    """The current reviews that cover a service and that this user may see, latest first: the golden thread back."""
    return (
        visible_reviews(user=user)
        .filter(services=service, archived_at__isnull=True)
        .select_related("lead_commissioner")
        .order_by("-planned_start", "-reference")
    )


def directorate_choices(*, including: int | None = None) -> QuerySet[Directorate]:
    """Current directorates, and the review's own directorate if it has since been archived (so an edit keeps it)."""
    return Directorate.objects.filter(Q(archived_at__isnull=True) | Q(pk=including)).order_by("name")


def lead_commissioner_choices() -> QuerySet[User]:
    return User.objects.filter(is_active=True, role__in=[Role.OFFICER, Role.DIRECTOR]).order_by(
        "last_name", "first_name"
    )


def service_choices(*, review: CommissioningReview | None = None) -> QuerySet[Service]:
    """Current services, and any archived service the review already covers (so an edit does not drop it)."""
    offered = Q(archived_at__isnull=True)
    if review is not None and review.pk:
        offered |= Q(pk__in=review.services.values("pk"))
    return Service.objects.filter(offered).select_related("directorate").order_by("name", "reference")


def visible_service(*, user: Any, pk: int) -> Service | None:
    """A service this user may see, for the "reviews of this service" filter; None when it is missing or hidden."""
    return visible_services(user=user).filter(pk=pk).only("pk", "name", "reference").first()


def reference_in_use(*, reference: str, excluding: CommissioningReview | None = None) -> bool:
    reviews = CommissioningReview.objects.filter(reference=reference)
    if excluding is not None:
        reviews = reviews.exclude(pk=excluding.pk)
    return reviews.exists()


def next_reference(*, year: int) -> str:
    """The next free reference in the year's series, like CR-2026-013 (the year the review is planned to start)."""
    prefix = f"{REFERENCE_PREFIX}-{year}-"
    numbers = [
        int(ref[len(prefix) :])
        for ref in CommissioningReview.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
        if ref[len(prefix) :].isdigit()
    ]
    return f"{prefix}{(max(numbers) + 1) if numbers else 1:03d}"


@dataclass(frozen=True)
class ProgrammeSummary:
    count: int
    in_progress: int


def programme_summary(*, user: Any) -> ProgrammeSummary:
    """How many current reviews this user may see, and how many of them are under way (one query)."""
    totals = (
        visible_reviews(user=user)
        .filter(archived_at__isnull=True)
        .aggregate(count=Count("pk"), in_progress=Count("pk", filter=Q(status=ReviewStatus.IN_PROGRESS)))
    )
    return ProgrammeSummary(count=totals["count"] or 0, in_progress=totals["in_progress"] or 0)


def reviews_covering(*, service_ids: set[int]) -> dict[int, list[tuple[str, str, str, int]]]:
    """For each service, the current (not archived) reviews covering it as (stage, status, planned_start, pk): what
    its review status follows from (calculations.service_status_from_reviews). Services with none map to []."""
    covering: dict[int, list[tuple[str, str, str, int]]] = {pk: [] for pk in service_ids}
    rows = CommissioningReview.services.through.objects.filter(
        service_id__in=service_ids, commissioningreview__archived_at__isnull=True
    ).values_list(
        "service_id",
        "commissioningreview__stage",
        "commissioningreview__status",
        "commissioningreview__planned_start",
        "commissioningreview_id",
    )
    for service_id, stage, status, start, pk in rows:
        covering[service_id].append((stage, status, start, pk))
    return covering


# The home page (commissioning.portal.home). Two queries each, whatever the number of reviews.
OVERSEEING_ROLES = frozenset({Role.OFFICER, Role.DIRECTOR, Role.FINANCE, Role.CABINET, Role.SCRUTINY})


def _own_work(user: Any, reviews: QuerySet[CommissioningReview]) -> QuerySet[CommissioningReview]:
    """An officer's reviews are those they lead, a director's those of their directorates; everyone else's all."""
    role = _role(user)
    if role == Role.OFFICER:
        return reviews.filter(lead_commissioner_id=user.pk)
    if role == Role.DIRECTOR:
        return reviews.filter(directorate__director_id=user.pk)
    return reviews


def reviews_overdue(*, user: Any, limit: int = HOME_LIMIT) -> Sample[CommissioningReview]:
    """Current reviews still in progress after their planned end quarter, longest overdue first, for the roles that
    run or oversee the programme (not ward councillors, administrators or providers: it is not their work)."""
    if _role(user) not in OVERSEEING_ROLES:
        return empty()
    overdue = visible_reviews(user=user).filter(
        archived_at__isnull=True, status=ReviewStatus.IN_PROGRESS, planned_end__lt=current_quarter()
    )
    return sample(_own_work(user, overdue).order_by("planned_end", "reference"), limit)


def reviews_added_since(*, user: Any, since: Any, limit: int = HOME_LIMIT) -> Sample[CommissioningReview]:
    """Current reviews added to the programme since the user last signed in, newest first."""
    if since is None:
        return empty()
    added = visible_reviews(user=user).filter(archived_at__isnull=True, created_at__gt=since)
    return sample(added.order_by("-created_at", "-pk"), limit)


# The plan: the prioritisation model, its ranking and rationale, and commissioning capacity ----------------------


@dataclass(frozen=True)
class ServiceFacts:
    pk: int
    name: str
    reference: str
    gross_budget: Decimal
    budget_year: str
    is_statutory: bool
    statutory_basis: str


def service_facts(service_ids: Collection[int]) -> list[ServiceFacts]:
    """What the catalogue says about each service that the model scores from (one query)."""
    return [
        ServiceFacts(*row)
        for row in Service.objects.filter(pk__in=service_ids).values_list(
            "pk", "name", "reference", "gross_budget", "budget_year", "is_statutory", "statutory_basis"
        )
    ]


def current_model() -> PriorityModel | None:
    """The current (published) version of the prioritisation model, or None before the first is made."""
    return (
        PriorityModel.objects.filter(superseded_at__isnull=True).select_related("made_by").order_by("-number").first()
    )


def model_versions() -> list[PriorityModel]:
    return list(PriorityModel.objects.select_related("made_by").order_by("-number"))


def model_version(*, user: Any, number: int) -> PriorityModel:
    """A version by its number: the current one for everyone, earlier ones for internal roles only (raises
    PriorityModel.DoesNotExist otherwise, as for a version that does not exist)."""
    versions = PriorityModel.objects.select_related("made_by")
    if _role(user) not in Role.INTERNAL:
        versions = versions.filter(superseded_at__isnull=True)
    return versions.get(number=number)


@dataclass(frozen=True)
class Line:
    """One criterion of one service as the ranking used it: weight, score, its contribution, and what it rests on."""

    criterion: Criterion
    weight: int
    score: int
    source: str  # ScoreSource
    points: Decimal
    summary: str = ""  # the figures behind a score from data, or the facts to judge by
    sources: tuple[Source, ...] = ()
    judged_by: str = ""
    reason: str = ""


@dataclass(frozen=True)
class RankedService:
    position: int
    service: Service
    scored: calculations.Scored
    lines: tuple[Line, ...]

    @property
    def total(self) -> Decimal:
        return self.scored.total


@dataclass(frozen=True)
class _Found:
    score: int | None
    source: str
    summary: str = ""
    sources: tuple[Source, ...] = ()
    judged_by: str = ""
    reason: str = ""


def _criteria_of(model: PriorityModel) -> list[Criterion]:
    """The declared criteria, and any the version weights that no app declares any more (by their key)."""
    declared = priority.criteria()
    known = {c.key for c in declared}
    return declared + [Criterion(key, key, "", "", 999) for key in model.weights if key not in known]


def criterion_names() -> dict[str, str]:
    return {c.key: c.name for c in priority.criteria()}


def _live(service_ids: list[int], criteria: list[Criterion]) -> dict[int, dict[str, _Found]]:
    """Each service's score on each criterion now: from data where a provider has a score, else its recorded
    judgement, else none. A fixed number of queries (each provider's, and one for the judgements)."""
    judgements: dict[tuple[int, str], PriorityJudgement] = {
        (j.service_id, j.criterion): j
        for j in PriorityJudgement.objects.filter(service_id__in=service_ids, archived_at__isnull=True).select_related(
            "judged_by"
        )
    }
    found: dict[int, dict[str, _Found]] = {pk: {} for pk in service_ids}
    for criterion in criteria:
        evidence = priority.evidence(criterion.key, service_ids)
        for pk in service_ids:
            items = evidence.get(pk, [])
            scored = next((item for item in items if item.score is not None), None)
            summary = " ".join(item.summary for item in items)
            sources = tuple(source for item in items for source in item.sources)
            judgement = judgements.get((pk, criterion.key))
            if scored is not None:
                found[pk][criterion.key] = _Found(scored.score, ScoreSource.DATA, summary, sources)
            elif judgement is not None:
                who = judgement.judged_by.get_full_name() or judgement.judged_by.username
                found[pk][criterion.key] = _Found(
                    judgement.score, ScoreSource.JUDGEMENT, summary, sources, who, judgement.reason
                )
            else:
                found[pk][criterion.key] = _Found(None, ScoreSource.NONE, summary, sources)
    return found


def _frozen(model: PriorityModel, service_ids: list[int]) -> dict[int, dict[str, _Found]]:
    """The scores a superseded version ranked by, as kept when it was replaced (one query)."""
    found: dict[int, dict[str, _Found]] = {}
    for row in CriterionScore.objects.filter(model=model, service_id__in=service_ids).select_related("judged_by"):
        who = (row.judged_by.get_full_name() or row.judged_by.username) if row.judged_by else ""
        sources = tuple(Source(label, url_name, tuple(args)) for label, url_name, args in row.sources)
        score = None if row.source == ScoreSource.NONE else row.score
        found.setdefault(row.service_id, {})[row.criterion] = _Found(
            score, row.source, row.summary, sources, who, row.reason
        )
    return found


# The records a resident may open whatever the data behind a score: the (published) service itself and its evidence
# pack. Links to indicators, priorities and consultations are shown inside the council only, since some are not
# published; the figures themselves (counts and money) are shown to everyone, so the rationale reads the same.
PUBLIC_SOURCES = frozenset({"services:detail", "outcomes:evidence-pack"})


def _ranked(model: PriorityModel, services: list[Service], *, public: bool = False) -> list[RankedService]:
    criteria = _criteria_of(model)
    ids = [s.pk for s in services]
    found = _live(ids, criteria) if model.is_current else _frozen(model, ids)
    if not model.is_current:
        services = [s for s in services if s.pk in found]  # services added since were not ranked by it
    by_pk = {s.pk: s for s in services}
    weighted = [c for c in criteria if c.key in model.weights]
    scored = []
    lines: dict[int, tuple[Line, ...]] = {}
    for service in services:
        mine = found.get(service.pk, {})
        scores = [
            calculations.CriterionScore(key, item.score, item.source)
            for key, item in mine.items()
            if item.score is not None and key in model.weights
        ]
        result = calculations.score_service(
            service=service.pk, reference=service.reference, weights=model.weights, scores=scores
        )
        scored.append(result)
        contributions = {c.criterion: c for c in result.contributions}
        lines[service.pk] = tuple(
            Line(
                criterion=criterion,
                weight=model.weights[criterion.key],
                score=contributions[criterion.key].score,
                source=mine[criterion.key].source if criterion.key in mine else ScoreSource.NONE,
                points=contributions[criterion.key].points,
                summary=mine[criterion.key].summary if criterion.key in mine else "",
                sources=tuple(
                    source
                    for source in (mine[criterion.key].sources if criterion.key in mine else ())
                    if not public or source.url_name in PUBLIC_SOURCES
                ),
                judged_by=mine[criterion.key].judged_by if criterion.key in mine else "",
                reason=mine[criterion.key].reason if criterion.key in mine else "",
            )
            for criterion in weighted
        )
    return [
        RankedService(position=index + 1, service=by_pk[result.service], scored=result, lines=lines[result.service])
        for index, result in enumerate(calculations.rank(scored))
    ]


def _ranked_services(user: Any) -> list[Service]:
    return list(
        visible_services(user=user).filter(archived_at__isnull=True).select_related("directorate").order_by("reference")
    )


def ranking(*, user: Any, model: PriorityModel) -> list[RankedService]:
    """The services this user may see, ranked by the version's scores, highest first (a fixed number of queries)."""
    return _ranked(model, _ranked_services(user), public=_role(user) not in Role.INTERNAL)


@dataclass(frozen=True)
class Rationale:
    ranked: RankedService
    above: RankedService | None
    below: RankedService | None
    against_above: str
    against_below: str
    of: int  # how many services are ranked


def rationale(*, user: Any, model: PriorityModel, service_pk: int) -> Rationale:
    """Why the service ranks where it does: its lines, and the criteria that separate it from its neighbours.
    Raises Service.DoesNotExist when the user may not see it, or the version did not rank it."""
    ranked = ranking(user=user, model=model)
    index = next((i for i, r in enumerate(ranked) if r.service.pk == service_pk), None)
    if index is None:
        raise Service.DoesNotExist
    this = ranked[index]
    above = ranked[index - 1] if index > 0 else None
    below = ranked[index + 1] if index + 1 < len(ranked) else None
    names = criterion_names()
    return Rationale(
        ranked=this,
        above=above,
        below=below,
        against_above=calculations.against(
            this.scored, above.scored, other_name=above.service.name, above=True, names=names
        )
        if above
        else "",
        against_below=calculations.against(
            this.scored, below.scored, other_name=below.service.name, above=False, names=names
        )
        if below
        else "",
        of=len(ranked),
    )


def frozen_scores(*, model: PriorityModel) -> list[tuple[int, str, _Found]]:
    """What the version ranks every current service by now, to keep when it is superseded (every service, not only
    those a user sees)."""
    services = list(Service.objects.filter(archived_at__isnull=True).order_by("reference").values_list("pk", flat=True))
    found = _live(services, _criteria_of(model))
    return [(pk, key, item) for pk in services for key, item in found[pk].items() if key in model.weights]


def priority_scores() -> dict[int, float]:
    """Every current service's priority score (0 to 5) under the current model, by service id: what the optimiser
    weighs each review by (the coordinator's adapter maps a review to its services). Empty before the first model."""
    model = current_model()
    if model is None:
        return {}
    services = list(Service.objects.filter(archived_at__isnull=True).order_by("reference"))
    return {r.service.pk: float(r.total) for r in _ranked(model, services)}


def judgement_of(*, service: Service, criterion: str) -> PriorityJudgement | None:
    return PriorityJudgement.objects.filter(service=service, criterion=criterion).select_related("judged_by").first()


def ranked_service(*, user: Any, pk: int) -> Service:
    """A current service this user may see (raises Service.DoesNotExist otherwise)."""
    return visible_services(user=user).filter(archived_at__isnull=True).select_related("directorate").get(pk=pk)


# Commissioning capacity and skills


def required_skill(*, service: Service) -> str:
    """The skill a review of the service needs: its recorded one, else a generalist's."""
    found = ServiceSkill.objects.filter(service=service).values_list("skill", flat=True).first()
    return found or Skill.GENERALIST


def service_skill(*, service: Service) -> ServiceSkill | None:
    return ServiceSkill.objects.filter(service=service).first()


def skills_of_services(service_ids: Collection[int]) -> dict[int, str]:
    """The skill a review of each service needs (a generalist where none is recorded): one query."""
    recorded = dict(ServiceSkill.objects.filter(service_id__in=service_ids).values_list("service_id", "skill"))
    return {pk: recorded.get(pk, Skill.GENERALIST) for pk in service_ids}


def visible_officers(*, user: Any) -> QuerySet[CommissioningOfficer]:
    """Internal roles see the officers who run reviews (their cost is the council's own business); no one else."""
    if _role(user) not in Role.INTERNAL:
        return CommissioningOfficer.objects.none()
    return CommissioningOfficer.objects.select_related("user")


def officer_list(*, user: Any, include_archived: bool = False) -> QuerySet[CommissioningOfficer]:
    officers = visible_officers(user=user)
    if not include_archived:
        officers = officers.filter(archived_at__isnull=True)
    return officers.order_by("name", "pk")


def officer_detail(*, user: Any, pk: int) -> CommissioningOfficer:
    return visible_officers(user=user).get(pk=pk)


def officer_user_choices() -> QuerySet[User]:
    return lead_commissioner_choices()


def _active_officers() -> list[tuple[list[str], Decimal, int]]:
    return [
        (list(skills or []), cost, days)
        for skills, cost, days in CommissioningOfficer.objects.filter(archived_at__isnull=True).values_list(
            "skills", "annual_cost", "days_per_quarter"
        )
    ]


def capacity_by_skill(horizon: int) -> dict[str, tuple[float, ...]]:
    """Days a quarter available for reviews needing each skill, for quarters 1..horizon (one query).

    Apportionment: each current officer's days a quarter are shared equally among their skills (an officer with
    safeguarding and procurement gives half their days to each), so no day is counted twice. Every skill is a key,
    with 0 days where no officer has it. The days are the same in every quarter until officers record leave."""
    if horizon < 1:
        raise ValueError("the horizon is 1 quarter or more")
    days = dict.fromkeys(Skill.values, 0.0)
    for skills, _cost, available in _active_officers():
        known = [s for s in skills if s in days] or [Skill.GENERALIST]
        for skill in known:
            days[skill] += available / len(known)
    return {skill: (round(total, 2),) * horizon for skill, total in days.items()}


@dataclass(frozen=True)
class StaffingCost:
    """The staffing cost of commissioning: a year, per day available, and per review running in the year."""

    officers: int
    annual: Decimal
    days_a_year: int
    per_day: Decimal | None
    year: str
    reviews: int
    per_review: Decimal | None


def staffing_cost() -> StaffingCost:
    """The year's cost of the current officers, and that cost shared equally among the reviews running in the
    current financial year (planned, in progress or on hold, planned to run in one of its quarters): two queries.

    Per review is an equal share: a review's own cost would need the days each officer gives it, which the
    optimised programme will hold."""
    officers = _active_officers()
    annual = sum((cost for _s, cost, _d in officers), Decimal(0))
    days = sum(days for _s, _c, days in officers) * 4
    year = current_quarter()[:7]
    reviews = (
        CommissioningReview.objects.filter(
            archived_at__isnull=True,
            status__in=[ReviewStatus.PLANNED, ReviewStatus.IN_PROGRESS, ReviewStatus.ON_HOLD],
            planned_start__lte=f"{year} Q4",
            planned_end__gte=f"{year} Q1",
        )
        .only("pk")
        .count()
    )
    cents = Decimal("0.01")
    return StaffingCost(
        officers=len(officers),
        annual=annual,
        days_a_year=days,
        per_day=(annual / days).quantize(cents) if days else None,
        year=year,
        reviews=reviews,
        per_review=(annual / reviews).quantize(cents) if reviews else None,
    )


def judges_of(*, model: PriorityModel) -> dict[tuple[int, str], int]:
    """Who gave each current judgement of a criterion the version weights, by (service, criterion) (one query)."""
    return {
        (service_id, criterion): judged_by_id
        for service_id, criterion, judged_by_id in PriorityJudgement.objects.filter(
            archived_at__isnull=True, criterion__in=list(model.weights)
        ).values_list("service_id", "criterion", "judged_by_id")
    }


def criterion(key: str) -> Criterion | None:
    return next((c for c in priority.criteria() if c.key == key), None)


def criteria_for_weights() -> list[Criterion]:
    """The criteria a new version weights: every declared one."""
    return priority.criteria()


def _current_review_services() -> dict[int, list[int]]:
    """The services each current review covers (one query)."""
    covered: dict[int, list[int]] = {}
    for review_id, service_id in CommissioningReview.services.through.objects.filter(
        commissioningreview__archived_at__isnull=True
    ).values_list("commissioningreview_id", "service_id"):
        covered.setdefault(review_id, []).append(service_id)
    return covered


def review_skills() -> dict[int, str]:
    """The skill each current review needs: the most specialist its services demand (in Skill's order: adults' and
    children's safeguarding, public health, procurement), else a generalist's. Two queries."""
    covered = _current_review_services()
    skills = skills_of_services({pk for services in covered.values() for pk in services})
    order = {skill: index for index, skill in enumerate(Skill.values)}
    return {
        review_id: min((skills[pk] for pk in services), key=order.__getitem__, default=Skill.GENERALIST)
        for review_id, services in covered.items()
    }


def review_priority_scores(scores: Mapping[int, float] | None = None) -> dict[int, float]:
    """Each current review's priority score: the highest of the services it covers (a review is as pressing as its
    most pressing service). Empty before the first model. ``scores``: ``priority_scores()`` when the caller has it."""
    scores = priority_scores() if scores is None else scores
    if not scores:
        return {}
    return {
        review_id: max((scores.get(pk, 0.0) for pk in services), default=0.0)
        for review_id, services in _current_review_services().items()
    }


PROGRAMME_STATUSES = (ReviewStatus.PLANNED, ReviewStatus.IN_PROGRESS, ReviewStatus.ON_HOLD)
UNDER_WAY_STATUSES = (ReviewStatus.IN_PROGRESS, ReviewStatus.ON_HOLD)


def programme_reviews(*, user: Any, first: str, last: str) -> QuerySet[CommissioningReview]:
    """The programme of reviews from quarter ``first`` to ``last`` (labels) as this user may see it: current reviews
    planned, in progress or on hold, planned to run in one of those quarters; a review under way past its planned end
    too (it still runs). With each review's directorate (one query)."""
    return (
        visible_reviews(user=user)
        .filter(archived_at__isnull=True, status__in=PROGRAMME_STATUSES, planned_start__lte=last)
        .filter(Q(planned_end__gte=first) | Q(status__in=UNDER_WAY_STATUSES))
        .select_related("directorate")
        .order_by("planned_start", "planned_end", "reference")
    )


# Programme scenarios (ADR 0023) ---------------------------------------------------------------------------------


def scenario_list(*, user: Any) -> QuerySet[ProgrammeScenario]:
    """Every scenario, for the internal roles (none for anyone else), the adopted one first (one query)."""
    if not user.has_perm("reviews.view_programmescenario"):
        return ProgrammeScenario.objects.none()
    order = Case(
        When(status=ScenarioStatus.ADOPTED, then=Value(0)),
        When(status=ScenarioStatus.SOLVED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        ProgrammeScenario.objects.filter(archived_at__isnull=True)
        .annotate(
            order=order,
            reviews=Count("rows", filter=Q(rows__archived_at__isnull=True)),
            added_reviews=Count("rows", filter=Q(rows__archived_at__isnull=True, rows__review__isnull=True)),
        )
        .order_by("order", "name")
    )


def scenario_detail(*, user: Any, pk: int) -> ProgrammeScenario:
    if not user.has_perm("reviews.view_programmescenario"):
        raise ProgrammeScenario.DoesNotExist
    return ProgrammeScenario.objects.get(pk=pk)


def scenario_rows(*, scenario: ProgrammeScenario) -> list[ScheduledReview]:
    """The current rows of a scenario's programme, in start order (one query)."""
    return list(
        scenario.rows.filter(archived_at__isnull=True)
        .select_related("review", "service")
        .order_by("start", "finish", "key")
    )


@dataclass(frozen=True)
class QuarterCount:
    quarter: str
    first: int
    second: int


@dataclass(frozen=True)
class Moved:
    title: str
    first: ScheduledReview
    second: ScheduledReview


@dataclass(frozen=True)
class Comparison:
    """Two scenarios side by side: their figures, reviews starting in each quarter, and what differs."""

    first: ProgrammeScenario
    second: ProgrammeScenario
    first_rows: list[ScheduledReview]
    second_rows: list[ScheduledReview]
    by_quarter: list[QuarterCount]
    only_first: list[ScheduledReview]
    only_second: list[ScheduledReview]
    moved: list[Moved]

    @staticmethod
    def savings(rows: list[ScheduledReview]) -> Decimal:
        return sum((row.saving_in_horizon for row in rows), Decimal(0))

    @staticmethod
    def annual(rows: list[ScheduledReview]) -> Decimal:
        return sum((row.annual_saving for row in rows), Decimal(0))

    @staticmethod
    def priority(rows: list[ScheduledReview]) -> float:
        return round(sum(row.priority for row in rows), 1)

    @staticmethod
    def new(rows: list[ScheduledReview]) -> int:
        return sum(1 for row in rows if row.review_id is None)


def scenario_compare(*, first: ProgrammeScenario, second: ProgrammeScenario) -> Comparison:
    """Compare two scenarios (two queries): reviews in one and not the other, and those starting in different
    quarters."""
    first_rows, second_rows = scenario_rows(scenario=first), scenario_rows(scenario=second)
    a = {row.key: row for row in first_rows}
    b = {row.key: row for row in second_rows}
    quarters = sorted({row.start_quarter for row in first_rows} | {row.start_quarter for row in second_rows})
    starts_a = [row.start_quarter for row in first_rows]
    starts_b = [row.start_quarter for row in second_rows]
    return Comparison(
        first=first,
        second=second,
        first_rows=first_rows,
        second_rows=second_rows,
        by_quarter=[QuarterCount(q, starts_a.count(q), starts_b.count(q)) for q in quarters],
        only_first=[row for key, row in a.items() if key not in b],
        only_second=[row for key, row in b.items() if key not in a],
        moved=[
            Moved(row.title, row, b[key])
            for key, row in a.items()
            if key in b and row.start_quarter != b[key].start_quarter
        ],
    )


@dataclass(frozen=True)
class ProgrammeQuarter:
    quarter: str
    rows: list[ScheduledReview]


def adopted_scenario() -> ProgrammeScenario | None:
    return ProgrammeScenario.objects.filter(status=ScenarioStatus.ADOPTED, archived_at__isnull=True).first()


def adopted_programme(*, user: Any) -> tuple[ProgrammeScenario | None, list[ProgrammeQuarter]]:
    """The council's adopted programme, by the quarter each review starts in (two queries). The public sees the
    reviews of published services (a review: when it is published too); the internal roles see every one."""
    scenario = adopted_scenario()
    if scenario is None:
        return None, []
    rows = scenario.rows.filter(archived_at__isnull=True).select_related("review", "service")
    if not user.has_perm("reviews.view_programmescenario"):
        rows = rows.filter(service__published=True, service__archived_at__isnull=True).filter(
            Q(review__isnull=True) | Q(review__published=True)
        )
    quarters: dict[str, list[ScheduledReview]] = {}
    for row in rows.order_by("start", "finish", "key"):
        quarters.setdefault(row.start_quarter, []).append(row)
    return scenario, [ProgrammeQuarter(quarter, found) for quarter, found in quarters.items()]
