"""Importing indicator measurements through the whole action, into the outcomes app's measurement_upsert_many."""

from __future__ import annotations

from decimal import Decimal

import pytest

from commissioning.imports import actions
from commissioning.imports.models import ImportJob, ImportKind, ImportStatus
from commissioning.outcomes.models import Frequency, Measurement, Unit

from .factories import MEASUREMENT_HEADER, IndicatorFactory, csv_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicators(council):
    return {
        "ASC-01": IndicatorFactory(code="ASC-01", unit=Unit.PERCENT, frequency=Frequency.QUARTERLY),
        "ASC-02": IndicatorFactory(code="ASC-02", unit=Unit.COUNT, frequency=Frequency.MONTHLY),
        "FIN-01": IndicatorFactory(code="FIN-01", unit=Unit.GBP, frequency=Frequency.ANNUAL),
    }


GOOD = csv_file(
    MEASUREMENT_HEADER,
    "asc-01,2025/26 q1,45.5%,Provisional",
    "ASC-02,2025-4,120,",
    'FIN-01,2024/25,"£1,234.50",',
)


def run(data, by, filename="measurements.csv") -> ImportJob:
    job = actions.import_job_create(kind=ImportKind.MEASUREMENTS, filename=filename, data=data, by=by)
    job.refresh_from_db()
    return job


def values() -> dict[tuple[str, str], tuple[Decimal, str]]:
    return {(m.indicator.code, m.period): (m.value, m.note) for m in Measurement.objects.select_related("indicator")}


def test_a_good_file_adds_the_values_and_the_same_file_again_changes_nothing(indicators, officer):
    job = run(GOOD, officer)
    assert job.status == ImportStatus.SUCCEEDED, (job.failure, job.errors)
    assert (job.created_count, job.updated_count, job.unchanged_count) == (3, 0, 0)
    assert values() == {
        ("ASC-01", "2025/26 Q1"): (Decimal("45.5000"), "Provisional"),
        ("ASC-02", "2025-04"): (Decimal("120.0000"), ""),
        ("FIN-01", "2024/25"): (Decimal("1234.5000"), ""),
    }
    measurement = Measurement.objects.get(indicator__code="ASC-01")
    assert measurement.entered_by == officer
    assert measurement.history.get().history_change_reason == f"Imported from measurements.csv (import {job.pk})"
    entries = Measurement.history.count()

    again = run(GOOD, officer)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 3)
    assert Measurement.history.count() == entries

    changed = run(csv_file(MEASUREMENT_HEADER, "ASC-01,2025/26 Q1,46%,Final"), officer)
    assert (changed.created_count, changed.updated_count, changed.unchanged_count) == (0, 1, 0)
    assert values()[("ASC-01", "2025/26 Q1")] == (Decimal("46.0000"), "Final")


def test_a_bad_row_saves_nothing(indicators, officer):
    data = csv_file(
        MEASUREMENT_HEADER,
        "ASC-01,2025/26 Q1,45%,",
        "ASC-02,2025/26 Q1,12,",
        "NOPE-1,2025-04,1,",
    )
    job = run(data, officer)
    assert job.status == ImportStatus.FAILED
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "Period"), (4, "Indicator code")]
    assert not Measurement.objects.exists()


def test_problems_found_by_the_outcomes_action_are_listed_by_row_too(indicators, officer):
    job = run(csv_file(MEASUREMENT_HEADER, "ASC-01,2025/26 Q1,45%,", "ASC-01,2040/41 Q1,45%,"), officer)
    assert job.status == ImportStatus.FAILED
    assert job.errors == [
        {
            "row": 3,
            "column": "Period",
            "reason": "2040/41 Q1 has not started yet: values are recorded for periods that have begun",
        }
    ]
    assert not Measurement.objects.exists()


def test_problems_in_several_chunks_are_all_listed(indicators, officer, monkeypatch):
    monkeypatch.setattr(actions, "MEASUREMENT_CHUNK", 2)
    data = csv_file(
        MEASUREMENT_HEADER,
        "ASC-01,2040/41 Q1,1,",
        "ASC-01,2025/26 Q1,1,",
        "ASC-01,2025/26 Q2,1,",
        "ASC-01,2041/42 Q1,1,",
    )
    job = run(data, officer)
    assert [e["row"] for e in job.errors] == [2, 5]
    assert not Measurement.objects.exists()


def test_finance_officers_import_only_the_indicators_measured_in_pounds(indicators, finance):
    job = run(csv_file(MEASUREMENT_HEADER, "FIN-01,2024/25,£10,", "ASC-02,2025-04,5,"), finance)
    assert job.status == ImportStatus.FAILED
    assert job.errors == [
        {
            "row": 3,
            "column": "Indicator code",
            "reason": actions.NOT_YOUR_INDICATOR.format(code="ASC-02"),
        }
    ]
    assert not Measurement.objects.exists()
    assert run(csv_file(MEASUREMENT_HEADER, "FIN-01,2024/25,£10,"), finance).status == ImportStatus.SUCCEEDED


def test_an_archived_indicator_is_not_offered_to_the_import(indicators, officer):
    indicator = indicators["ASC-02"]
    indicator.archived_at = indicator.created_at
    indicator.save()
    job = run(csv_file(MEASUREMENT_HEADER, "ASC-02,2025-04,5,"), officer)
    assert job.errors[0]["column"] == "Indicator code"
    assert not Measurement.objects.exists()
