"""The criteria of the prioritisation model (commissioning.core.priority) that this app scores from its data.

Savings potential (a service's unit cost against its comparators' median), performance gap (its indicators off
target and worsening) and strategic fit (the council priorities its outcomes serve) are scored by the bands of
engine.scoring.priority; the consultations on a service are shown beside the judgement of resident dissatisfaction
(they are not a measure of it, so they give no score). Each costs a fixed number of queries for any number of
services. Registered in OutcomesConfig.ready(): the reviews app, a sibling, never imports this one.
"""

from __future__ import annotations

from collections.abc import Collection

from commissioning.core import priority
from commissioning.core.formatting import money, number
from commissioning.core.priority import Evidence, Source
from commissioning.outcomes import calculations, selectors


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def savings_potential(service_ids: Collection[int]) -> dict[int, Evidence]:
    found = {}
    for service_id, cost in selectors.unit_costs_against_median(service_ids).items():
        above = calculations.percent_above_median(cost.unit_cost, cost.comparator_median)
        where = f"{abs(above)}% {'above' if above > 0 else 'below'}" if above else "at"
        found[service_id] = Evidence(
            score=calculations.savings_score(cost.unit_cost, cost.comparator_median),
            summary=(
                f"Unit cost {money(cost.unit_cost)} in {cost.year}, {where} the median of "
                f"{_plural(cost.comparators, 'comparator council')} ({money(cost.comparator_median)})."
            ),
            sources=(Source("Evidence pack: unit cost against comparators", "outcomes:evidence-pack", (service_id,)),),
        )
    return found


def performance_gap(service_ids: Collection[int]) -> dict[int, Evidence]:
    found = {}
    for service_id, gap in selectors.indicator_gaps(service_ids).items():
        off, worse = len(gap.off_target), len(gap.worsening)
        found[service_id] = Evidence(
            score=calculations.performance_score(off, worse),
            summary=(
                f"{off} of {_plural(len(gap.measured), 'indicator')} with a target off target"
                + (f", {number(worse)} of them getting worse." if off else ".")
            ),
            sources=tuple(
                Source(f"{i.code}: {i.name}", "outcomes:indicator-detail", (i.pk,))
                for i in gap.off_target or gap.measured
            ),
        )
    return found


def strategic_fit(service_ids: Collection[int]) -> dict[int, Evidence]:
    found = {}
    for service_id, priorities in selectors.priorities_served(service_ids).items():
        found[service_id] = Evidence(
            score=calculations.strategic_fit_score(len(priorities)),
            summary=f"Its outcomes serve {len(priorities)} council "
            + ("priority." if len(priorities) == 1 else "priorities."),
            sources=tuple(Source(f"{p.code}: {p.name}", "outcomes:priority-detail", (p.pk,)) for p in priorities),
        )
    return found


def consultations(service_ids: Collection[int]) -> dict[int, Evidence]:
    found = {}
    for service_id, held in selectors.consultations_on(service_ids).items():
        responses = sum(c.responses for c in held)
        found[service_id] = Evidence(
            summary=(
                f"{_plural(len(held), 'consultation')} on the service, {_plural(responses, 'response')}: "
                "read them to judge how dissatisfied residents are."
            ),
            sources=tuple(Source(c.title, "outcomes:consultation-detail", (c.pk,)) for c in held[:5]),
        )
    return found


def register() -> None:
    priority.provide(priority.SAVINGS, savings_potential)
    priority.provide(priority.PERFORMANCE, performance_gap)
    priority.provide(priority.STRATEGIC_FIT, strategic_fit)
    priority.provide(priority.DISSATISFACTION, consultations)
