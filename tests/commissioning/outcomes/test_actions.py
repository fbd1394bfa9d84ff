"""Writes for outcomes, indicators, targets, values, evidence and consultations: the named messages, one history
entry per change, and nothing half-saved. measurement_upsert_many is atomic and idempotent on (indicator, period)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone

from commissioning.core.permissions import Role
from commissioning.core.problems import RowsInvalid
from commissioning.outcomes import actions
from commissioning.outcomes.actions import (
    ConsultationDetails,
    EvidenceDetails,
    IndicatorDetails,
    MeasurementValue,
    OutcomeDetails,
    PriorityDetails,
    TargetDetails,
)
from commissioning.outcomes.models import Indicator, Measurement, Outcome, Priority, Target
from engine.ingest.measurements import KnownIndicator, parse_measurements
from engine.scoring.indicators import Unit
from engine.scoring.periods import Frequency
from tests.commissioning.outcomes.factories import (
    IndicatorFactory,
    MeasurementFactory,
    OutcomeFactory,
    PriorityFactory,
    TargetFactory,
)
from tests.factories import ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 4, 10)
D = Decimal


@pytest.fixture
def officer(council):
    return UserFactory(role=Role.OFFICER, first_name="Olive", last_name="Okafor")


def errors_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# Priorities and outcomes ------------------------------------------------------------------------------------------


def test_a_priority_is_created_with_one_history_entry_and_its_code_in_capitals(officer):
    priority = actions.priority_create(
        details=PriorityDetails(code="p7", name=" Thriving places ", published=True), by=officer
    )
    assert (priority.code, priority.name) == ("P7", "Thriving places")
    (entry,) = priority.history.all()
    assert (entry.history_type, entry.history_user, entry.history_change_reason) == (
        "+",
        officer,
        "Priority added to the council plan",
    )


def test_a_priority_code_can_be_used_once(officer):
    PriorityFactory(code="P1")
    with pytest.raises(ValidationError) as excinfo:
        actions.priority_create(details=PriorityDetails(code="P1", name="Again"), by=officer)
    assert errors_of(excinfo) == {"code": [actions.PRIORITY_CODE_TAKEN.format(code="P1")]}
    assert Priority.history.count() == 1


def test_a_priority_with_published_outcomes_stays_published(officer):
    priority = PriorityFactory()
    OutcomeFactory(priority=priority)
    with pytest.raises(ValidationError) as excinfo:
        actions.priority_update(
            priority=priority, details=PriorityDetails(code=priority.code, name=priority.name), by=officer
        )
    assert errors_of(excinfo) == {"published": [actions.PRIORITY_HAS_PUBLISHED_OUTCOMES.format(count=1)]}


def test_a_priority_with_current_outcomes_cannot_be_archived(officer):
    priority = PriorityFactory()
    OutcomeFactory(priority=priority)
    with pytest.raises(ValidationError) as excinfo:
        actions.priority_archive(priority=priority, by=officer, reason="Plan refreshed")
    assert excinfo.value.messages == [actions.PRIORITY_HAS_OUTCOMES.format(count=1)]
    priority.refresh_from_db()
    assert not priority.is_archived


def test_archive_and_restore_need_a_reason_and_are_one_entry_each(officer):
    priority = PriorityFactory()
    with pytest.raises(ValidationError) as excinfo:
        actions.priority_archive(priority=priority, by=officer, reason=" ")
    assert errors_of(excinfo) == {"reason": [actions.ARCHIVE_REASON_REQUIRED.format(noun="priority")]}
    archived = actions.priority_archive(priority=priority, by=officer, reason="Plan refreshed")
    assert (archived.archived_by, archived.archive_reason) == (officer, "Plan refreshed")
    with pytest.raises(ValidationError) as excinfo:
        actions.priority_archive(priority=archived, by=officer, reason="Again")
    assert excinfo.value.messages == [actions.ALREADY_ARCHIVED.format(noun="priority")]
    restored = actions.priority_restore(priority=archived, by=officer, reason="Back in the plan")
    assert not restored.is_archived
    reasons = list(restored.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert reasons[-2:] == ["Archived: Plan refreshed", "Restored: Back in the plan"]
    with pytest.raises(ValidationError) as excinfo:
        actions.priority_restore(priority=restored, by=officer, reason="Again")
    assert excinfo.value.messages == [actions.NOT_ARCHIVED.format(noun="priority")]


def test_an_outcome_gets_the_next_reference_and_its_services_in_one_history_entry(officer):
    OutcomeFactory(reference="OC-07")
    services = [ServiceFactory(), ServiceFactory()]
    outcome = actions.outcome_create(
        details=OutcomeDetails(
            priority=PriorityFactory(), name="Fewer households become homeless", lead=officer, services=services
        ),
        by=officer,
    )
    assert outcome.reference == "OC-08"
    (entry,) = outcome.history.all()
    assert sorted(entry.services.values_list("service_id", flat=True)) == sorted(s.pk for s in services)
    through = apps.get_model("outcomes", "HistoricalOutcome_services")
    assert through.objects.filter(history=entry).count() == 2


def test_an_outcome_is_published_only_under_a_published_priority(officer):
    priority = PriorityFactory(unpublished=True, name="Draft priority")
    details = OutcomeDetails(priority=priority, name="Residents feel safe", lead=officer, published=True)
    with pytest.raises(ValidationError) as excinfo:
        actions.outcome_create(details=details, by=officer)
    assert errors_of(excinfo) == {"published": [actions.PRIORITY_NOT_PUBLISHED.format(name="Draft priority")]}
    assert Outcome.objects.count() == 0


def test_an_outcome_is_led_by_a_commissioner_and_links_only_current_services(officer):
    finance = UserFactory(role=Role.FINANCE, first_name="Fran", last_name="Cole")
    archived = ServiceFactory(archived=True, name="Closed centre")
    details = OutcomeDetails(priority=PriorityFactory(), name="Clean streets", lead=finance, services=[archived])
    with pytest.raises(ValidationError) as excinfo:
        actions.outcome_create(details=details, by=officer)
    assert errors_of(excinfo) == {
        "lead": [actions.PERSON_NOT_COMMISSIONER.format(name="Fran Cole", role="finance officer")],
        "services": [actions.SERVICE_ARCHIVED.format(name="Closed centre")],
    }


# Indicators and targets -------------------------------------------------------------------------------------------


def indicator_details(officer, **overrides):
    values = {
        "code": "hom-01",
        "name": "Households prevented from becoming homeless",
        "definition": "Per cent of households threatened with homelessness whose homelessness was prevented.",
        "unit": "percent",
        "polarity": "higher",
        "frequency": "quarterly",
        "owner": officer,
        "data_source": "H-CLIC returns",
    }
    values.update(overrides)
    return IndicatorDetails(**values)


def test_an_indicator_code_is_stored_in_capitals_and_used_once(officer):
    indicator = actions.indicator_create(details=indicator_details(officer), by=officer)
    assert indicator.code == "HOM-01"
    with pytest.raises(ValidationError) as excinfo:
        actions.indicator_create(details=indicator_details(officer), by=officer)
    assert errors_of(excinfo) == {"code": [actions.INDICATOR_CODE_TAKEN.format(code="HOM-01")]}


def test_the_frequency_is_fixed_once_values_are_recorded(officer):
    indicator = IndicatorFactory(code="HOM-01")
    MeasurementFactory(indicator=indicator)
    with pytest.raises(ValidationError) as excinfo:
        actions.indicator_update(
            indicator=indicator, details=indicator_details(officer, frequency="monthly"), by=officer
        )
    assert errors_of(excinfo) == {
        "frequency": [actions.FREQUENCY_LOCKED.format(old="quarterly", new="monthly", count=1)]
    }


def test_a_target_is_set_for_a_period_of_the_indicators_frequency_and_replaced_with_history(officer):
    indicator = IndicatorFactory()
    with pytest.raises(ValidationError) as excinfo:
        actions.target_set(indicator=indicator, details=TargetDetails(period="2026-04", target=D(80)), by=officer)
    assert errors_of(excinfo)["period"][0].startswith('"2026-04" is a month, but the indicator is reported quarterly')
    first = actions.target_set(
        indicator=indicator,
        details=TargetDetails(period="2026/27q1", target=D(80), tolerance_basis="absolute", tolerance=D(5)),
        by=officer,
    )
    assert first.period == "2026/27 Q1"
    second = actions.target_set(
        indicator=indicator, details=TargetDetails(period="2026/27 Q1", target=D(85)), by=officer
    )
    assert second.pk == first.pk
    assert (second.target, second.tolerance_basis, second.tolerance) == (D(85), "", None)
    assert [e.history_change_reason for e in second.history.order_by("history_id")] == [
        "Target set for 2026/27 Q1",
        "Target changed for 2026/27 Q1",
    ]


@pytest.mark.parametrize(
    ("details", "expected"),
    [
        (TargetDetails("2026/27 Q1", D(80), "", D(5)), {"tolerance_basis": [actions.TOLERANCE_BASIS_REQUIRED]}),
        (TargetDetails("2026/27 Q1", D(80), "percent", None), {"tolerance": [actions.TOLERANCE_AMOUNT_REQUIRED]}),
        (TargetDetails("2026/27 Q1", D(0), "percent", D(5)), {"tolerance_basis": [actions.TOLERANCE_PERCENT_OF_ZERO]}),
    ],
    ids=["amount-without-basis", "basis-without-amount", "percent-of-zero"],
)
def test_a_tolerance_needs_both_its_basis_and_its_amount(officer, details, expected):
    with pytest.raises(ValidationError) as excinfo:
        actions.target_set(indicator=IndicatorFactory(), details=details, by=officer)
    assert errors_of(excinfo) == expected
    assert Target.objects.count() == 0


# Measurements -----------------------------------------------------------------------------------------------------


def value(code, period, amount, note="", row=None):
    return MeasurementValue(code, period, D(str(amount)), note, row)


def test_upsert_creates_each_value_with_one_history_entry_by_who_entered_it(officer):
    quarterly = IndicatorFactory(code="HOM-01")
    monthly = IndicatorFactory(code="ASC-02", monthly=True)
    summary = actions.measurement_upsert_many(
        rows=[value("hom-01", "2025/26q4", 71.25, "Year-end figure"), value("ASC-02", "2026-3", 12)],
        by=officer,
        today=TODAY,
    )
    assert (summary.created, summary.updated, summary.unchanged) == (2, 0, 0)
    stored = {(m.indicator_id, m.period): m for m in Measurement.objects.all()}
    assert stored[(quarterly.pk, "2025/26 Q4")].value == D("71.2500")
    assert stored[(quarterly.pk, "2025/26 Q4")].note == "Year-end figure"
    assert stored[(monthly.pk, "2026-03")].entered_by == officer
    assert Measurement.history.count() == 2
    assert set(Measurement.history.values_list("history_user", "history_type")) == {(officer.pk, "+")}


def test_upsert_is_idempotent_and_changes_only_what_changed(officer):
    IndicatorFactory(code="HOM-01")
    rows = [value("HOM-01", "2025/26 Q3", 70), value("HOM-01", "2025/26 Q4", 72)]
    actions.measurement_upsert_many(rows=rows, by=officer, today=TODAY)
    again = actions.measurement_upsert_many(rows=rows, by=officer, today=TODAY)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert Measurement.history.count() == 2

    finance = UserFactory(role=Role.FINANCE)
    changed = actions.measurement_upsert_many(
        rows=[value("HOM-01", "2025/26 Q3", 70), value("HOM-01", "2025/26 Q4", 73.5, "Corrected")],
        by=finance,
        today=TODAY,
    )
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 1)
    latest = Measurement.objects.get(period="2025/26 Q4")
    assert (latest.value, latest.note, latest.entered_by) == (D("73.5"), "Corrected", finance)
    entries = list(latest.history.order_by("history_id"))
    assert [(e.history_type, e.value, e.history_user) for e in entries] == [
        ("+", D("72"), officer),
        ("~", D("73.5"), finance),
    ]
    assert Measurement.history.count() == 3


def test_upsert_is_atomic_and_names_every_bad_row(officer):
    IndicatorFactory(code="HOM-01")
    IndicatorFactory(code="OLD-01", archived=True)
    rows = [
        value("HOM-01", "2025/26 Q4", 70, row=2),
        value("NOPE-9", "2025/26 Q4", 70, row=3),
        value("HOM-01", "2026-01", 70, row=4),
        value("HOM-01", "2026/27 Q2", 70, row=5),
        value("OLD-01", "2025/26 Q4", 70, row=6),
        value("HOM-01", "2025/26 Q4", 71, row=7),
        value("HOM-01", "2025/26 Q3", 10**12, row=8),
        value("HOM-01", "2025/26 Q2", 1, "x" * 1001, row=9),
    ]
    with pytest.raises(RowsInvalid) as excinfo:
        actions.measurement_upsert_many(rows=rows, by=officer, today=TODAY)
    problems = [(p.row, p.column) for p in excinfo.value.problems]
    assert problems == [
        (3, "indicator_code"),
        (4, "period"),
        (5, "period"),
        (6, "indicator_code"),
        (7, "period"),
        (8, "value"),
        (9, "note"),
    ]
    messages = excinfo.value.messages
    assert messages[0] == "Row 3: " + actions.UNKNOWN_INDICATOR.format(code="NOPE-9")
    assert messages[1].startswith('Row 4: "2026-01" is a month, but the indicator is reported quarterly')
    assert messages[2] == "Row 5: " + actions.PERIOD_NOT_STARTED.format(period="2026/27 Q2")
    assert messages[3] == "Row 6: " + actions.INDICATOR_ARCHIVED.format(code="OLD-01")
    assert messages[4] == "Row 7: " + actions.ROW_TWICE.format(code="HOM-01", period="2025/26 Q4")
    assert messages[5] == "Row 8: " + actions.VALUE_TOO_BIG.format(value=10**12)
    assert messages[6] == "Row 9: " + actions.NOTE_TOO_LONG.format(length=1001)
    assert Measurement.objects.count() == 0
    assert Measurement.history.count() == 0


def test_upsert_takes_the_rows_the_spreadsheet_importer_reads(officer):
    """engine.ingest.measurements reads a file into MeasurementRow objects, which the action takes as they are."""
    IndicatorFactory(code="HOM-01")
    IndicatorFactory(code="ASC-02", monthly=True, unit="count")
    data = b'Indicator code,Period,Value,Note\nhom-01,2025/26q4,45.5%,Revised\nASC-02,2026-3,"1,204",\n'
    known = {
        "HOM-01": KnownIndicator(frequency=Frequency.QUARTERLY, unit=Unit.PERCENT),
        "ASC-02": KnownIndicator(frequency=Frequency.MONTHLY, unit=Unit.COUNT),
    }
    parsed = parse_measurements(data, "values.csv", indicators=known)
    assert not parsed.errors
    summary = actions.measurement_upsert_many(rows=parsed.rows, by=officer, today=TODAY)
    assert summary.created == 2
    assert sorted(Measurement.objects.values_list("period", "value")) == [
        ("2025/26 Q4", D("45.5")),
        ("2026-03", D("1204")),
    ]


def test_a_withdrawn_value_is_brought_back_by_a_new_one(officer):
    measurement = MeasurementFactory(indicator=IndicatorFactory(code="HOM-01"), period="2025/26 Q4", value=D(70))
    withdrawn = actions.measurement_archive(measurement=measurement, by=officer, reason="Wrong quarter")
    assert withdrawn.is_archived
    summary = actions.measurement_upsert_many(rows=[value("HOM-01", "2025/26 Q4", 70)], by=officer, today=TODAY)
    assert summary.updated == 1
    withdrawn.refresh_from_db()
    assert not withdrawn.is_archived


def test_recording_one_value_reports_problems_against_the_form_fields(officer):
    indicator = IndicatorFactory(code="HOM-01")
    with pytest.raises(ValidationError) as excinfo:
        actions.measurement_record(indicator=indicator, period="2026-01", value=D(70), note="", by=officer, today=TODAY)
    assert list(errors_of(excinfo)) == ["period"]
    measurement = actions.measurement_record(
        indicator=indicator, period="2025/26 Q4", value=D(70), note="", by=officer, today=TODAY
    )
    assert measurement.period == "2025/26 Q4"


def test_targets_and_values_of_an_archived_indicator_are_refused(officer):
    indicator = IndicatorFactory(archived=True, code="OLD-01")
    with pytest.raises(ValidationError) as excinfo:
        actions.target_set(indicator=indicator, details=TargetDetails("2026/27 Q1", D(1)), by=officer)
    assert excinfo.value.messages == [actions.INDICATOR_ARCHIVED.format(code="OLD-01")]
    assert TargetFactory._meta.model.objects.count() == 0
    assert Indicator.objects.get().is_archived


# Needs evidence and consultations ---------------------------------------------------------------------------------


def evidence_details(**overrides):
    values = {
        "title": "Homelessness review 2025",
        "kind": "needs_assessment",
        "source": "Housing options team",
        "evidence_date": dt.date(2025, 11, 1),
        "summary": "Approaches rose by a fifth.",
    }
    values.update(overrides)
    return EvidenceDetails(**values)


def test_evidence_is_about_a_service_or_an_outcome(officer):
    with pytest.raises(ValidationError) as excinfo:
        actions.evidence_create(details=evidence_details(), by=officer)
    assert errors_of(excinfo) == {"service": [actions.ATTACH_REQUIRED]}
    evidence = actions.evidence_create(details=evidence_details(outcome=OutcomeFactory()), by=officer)
    assert evidence.history.get().history_user == officer


def test_evidence_is_dated_today_or_earlier(officer):
    future = timezone.localdate() + dt.timedelta(days=2)
    with pytest.raises(ValidationError) as excinfo:
        actions.evidence_create(details=evidence_details(service=ServiceFactory(), evidence_date=future), by=officer)
    assert errors_of(excinfo) == {"evidence_date": [actions.EVIDENCE_IN_FUTURE]}


def consultation_details(**overrides):
    values = {
        "title": "Library opening hours",
        "purpose": "What hours residents need.",
        "method": "survey",
        "opened_on": dt.date(2025, 9, 1),
        "closed_on": dt.date(2025, 10, 31),
        "responses": 0,
        "response_summary": "",
        "service": None,
        "outcome": None,
    }
    values.update(overrides)
    return ConsultationDetails(**values)


def test_a_consultation_closes_after_it_opens_and_its_responses_are_summarised(officer):
    details = consultation_details(
        service=ServiceFactory(), closed_on=dt.date(2025, 8, 1), responses=1250, response_summary=" "
    )
    with pytest.raises(ValidationError) as excinfo:
        actions.consultation_create(details=details, by=officer)
    assert errors_of(excinfo) == {
        "closed_on": [actions.CLOSED_BEFORE_OPENED.format(opened="1 September 2025")],
        "response_summary": [actions.RESPONSES_WITHOUT_SUMMARY.format(count="1,250")],
    }
    consultation = actions.consultation_create(
        details=consultation_details(service=ServiceFactory(), responses=12, response_summary="Longer hours."),
        by=officer,
    )
    updated = actions.consultation_update(
        consultation=consultation,
        details=consultation_details(service=consultation.service, responses=40, response_summary="Longer hours."),
        by=officer,
        reason="Late responses added",
    )
    assert updated.responses == 40
    assert updated.history.latest().history_change_reason == "Late responses added"


def test_an_outcome_reference_taken_at_the_same_moment_is_replaced_by_the_next(officer, monkeypatch):
    OutcomeFactory(reference="OC-01")
    OutcomeFactory(reference="OC-02")
    given = iter(["OC-02"])  # read before the other create committed OC-02
    real = actions.next_outcome_reference
    monkeypatch.setattr(actions, "next_outcome_reference", lambda: next(given, None) or real())
    details = OutcomeDetails(priority=PriorityFactory(), name="Fewer households become homeless", lead=officer)
    assert actions.outcome_create(details=details, by=officer).reference == "OC-03"


def test_a_typed_outcome_reference_taken_after_the_check_is_the_named_error_on_the_field(officer, monkeypatch):
    priority = PriorityFactory()
    details = OutcomeDetails(priority=priority, name="Residents feel safe", lead=officer, reference="OC-05")
    real_validate = actions._validate_outcome
    OutcomeFactory(reference="OC-05")
    monkeypatch.setattr(  # checked before the other create committed OC-05
        actions,
        "_validate_outcome",
        lambda details, *, existing: real_validate(replace(details, reference=""), existing=existing),
    )
    with pytest.raises(ValidationError) as excinfo:
        actions.outcome_create(details=details, by=officer)
    assert errors_of(excinfo) == {"reference": [actions.OUTCOME_REFERENCE_TAKEN.format(reference="OC-05")]}
    assert Outcome.objects.count() == 1


def test_a_priority_code_taken_after_the_check_is_the_named_error_on_the_field(officer, monkeypatch):
    PriorityFactory(code="P1")
    monkeypatch.setattr(actions, "_validate_priority", lambda details, *, existing: None)  # checked before it committed
    with pytest.raises(ValidationError) as excinfo:
        actions.priority_create(details=PriorityDetails(code="p1", name="Again"), by=officer)
    assert errors_of(excinfo) == {"code": [actions.PRIORITY_CODE_TAKEN.format(code="P1")]}
    assert Priority.objects.count() == 1


def test_an_indicator_code_taken_after_the_check_is_the_named_error_on_the_field(officer, monkeypatch):
    first = actions.indicator_create(details=indicator_details(officer), by=officer)
    monkeypatch.setattr(
        actions, "_validate_indicator", lambda details, *, existing: None
    )  # checked before it committed
    with pytest.raises(ValidationError) as excinfo:
        actions.indicator_create(details=indicator_details(officer), by=officer)
    assert errors_of(excinfo) == {"code": [actions.INDICATOR_CODE_TAKEN.format(code=first.code)]}
    assert Indicator.objects.count() == 1
