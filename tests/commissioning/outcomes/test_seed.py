"""The demo Analyse stage: the right size at both scales, consistent, deterministic and idempotent."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from commissioning.outcomes.demo import COMPARATORS, YEARS
from commissioning.outcomes.models import (
    Benchmark,
    Comparator,
    ComparatorGroup,
    Consultation,
    Indicator,
    Measurement,
    NeedsEvidence,
    Outcome,
    Priority,
    Target,
    UnitCostBenchmark,
)
from commissioning.services.models import Service
from tests import demo
from tests.demo import DemoCouncil

pytestmark = pytest.mark.django_db

METROPOLITAN = pytest.param("metropolitan", marks=pytest.mark.slow)
MODELS = [
    Priority,
    Outcome,
    Indicator,
    Measurement,
    Target,
    ComparatorGroup,
    Comparator,
    Benchmark,
    UnitCostBenchmark,
    NeedsEvidence,
    Consultation,
]
# scale -> (outcomes, indicators, measurements, benchmarks, unit-cost benchmarks, needs evidence, consultations)
EXPECTED = {
    "district": (8, 60, 1795, 3280, 900, 28, 10),
    "metropolitan": (14, 118, 3455, 6560, 9000, 214, 100),
}


def seed(scale: str = "district", **options: Any) -> str:
    out = io.StringIO()
    call_command("seed_demo", scale=scale, stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.mark.parametrize("demo_council", ["district", METROPOLITAN], indirect=True)
def test_each_scale_has_outcomes_indicators_five_years_of_values_benchmarks_and_evidence(
    demo_council: DemoCouncil,
) -> None:
    scale = demo_council.scale
    outcomes, indicators, measurements, benchmarks, unit_costs, evidence, consultations = EXPECTED[scale]
    assert counts() == {
        "Priority": 5,
        "Outcome": outcomes,
        "Indicator": indicators,
        "Measurement": measurements,
        "Target": measurements,
        "ComparatorGroup": 1,
        "Comparator": COMPARATORS,
        "Benchmark": benchmarks,
        "UnitCostBenchmark": unit_costs,
        "NeedsEvidence": evidence,
        "Consultation": consultations,
    }
    # Five years of values for every indicator, each frequency with its own number of periods.
    per_year = {"monthly": 12, "quarterly": 4, "annual": 1}
    for indicator in Indicator.objects.prefetch_related("measurements", "services"):
        periods = sorted(m.period for m in indicator.measurements.all())
        assert len(periods) == 5 * per_year[indicator.frequency], indicator.code
        assert indicator.services.exists(), indicator.code
        indicator.full_clean()
    assert set(Benchmark.objects.values_list("year", flat=True).distinct()) == set(YEARS)
    assert {i.published for i in Indicator.objects.all()} == {True, False}
    assert Outcome.objects.filter(published=False).count() == 1
    # Every service the council budgets for has its unit cost compared with every comparator.
    assert UnitCostBenchmark.objects.count() == Service.objects.filter(archived_at__isnull=True).count() * COMPARATORS
    assert not NeedsEvidence.objects.exclude(document="").exists()  # no uploaded files in the demo
    assert Measurement.history.count() == measurements
    for model in MODELS:
        for record in model.objects.all()[:5]:
            record.full_clean()


def snapshot() -> dict[str, Any]:
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS} | {
        f"{model.__name__} history": model.history.count()  # type: ignore[attr-defined]
        for model in MODELS
    }


@demo.read_after_each_seed
def analyse_stage() -> list[Any]:
    rows = sorted(Measurement.objects.values_list("indicator__code", "period", "value", "note"))
    rows += sorted(Benchmark.objects.values_list("indicator__code", "year", "ons_code", "value"))
    rows += sorted(Indicator.objects.values_list("code", "name", "published", "owner__username"))
    return rows


def test_same_seed_gives_the_same_analyse_stage(demo_seeds: demo.Seeds) -> None:
    first, second = demo_seeds.runs(analyse_stage, demo_seeds.default_seed)  # seed_demo's default seed, twice
    assert first == second


def test_second_run_creates_and_changes_nothing_and_leaves_edits_alone(demo_district: DemoCouncil) -> None:
    indicator = Indicator.objects.order_by("code").first()
    Indicator.objects.filter(pk=indicator.pk).update(name="Renamed by an officer")
    first = Measurement.objects.filter(indicator=indicator).order_by("period").first()
    Measurement.objects.filter(pk=first.pk).update(value=1)
    before = snapshot()

    output = seed()

    assert "0 records created" in output
    assert snapshot() == before
