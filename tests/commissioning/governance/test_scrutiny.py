"""Scrutiny (ADR 0034): the dashboard's lists (each from its own app's figures, at a fixed number of queries), adding
an item from each of them to the work programme (a contract by its id, a complaint hot spot as a service), what is
refused and named, publishing, inquiries and evidence sessions, and the demo's programme."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commissioning.contracts import thread_scrutiny as contracts_thread
from commissioning.core import thread
from commissioning.governance.actions import scrutiny as act
from commissioning.governance.models import (
    BodyKind,
    EvidenceSession,
    Inquiry,
    SubjectKind,
    WorkItemStatus,
    WorkProgramme,
    WorkProgrammeItem,
)
from commissioning.governance.selectors import scrutiny as selectors
from commissioning.outcomes.selectors import unit_costs_against_median, unit_costs_in_worst_quartile
from commissioning.residents import thread_scrutiny as residents_thread
from tests import demo, matrix
from tests.commissioning.governance.factories import BodyFactory
from tests.commissioning.governance.scrutiny_world import build_world

world = matrix.world_fixture(build_world)
pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _details(**changes: Any) -> act.ItemDetails:
    values: dict[str, Any] = {"subject_kind": SubjectKind.THEME, "theme": "Loneliness", "title": "Loneliness"}
    values["reason"] = "Residents asked"
    values.update(changes)
    return act.ItemDetails(**values)


def test_the_dashboard_lists_what_each_app_finds_at_a_fixed_number_of_queries(
    world: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    member, committee = world["member"], world["committee"]
    assert [c.pk for c in selectors.off_target_indicators(user=member)] == [world["worsening"].pk]
    rows, total = selectors.costly_services(user=member)
    assert [c.pk for c in rows] == [world["costly"].pk]
    assert total == 1
    every = [world["costly"].pk, world["cheap"].pk]
    full = {pk: cost for pk, cost in unit_costs_against_median(every).items() if cost.quartile == 4}
    assert unit_costs_in_worst_quartile(every) == full  # the first pass leaves out only what the full one would
    assert [c.pk for c in selectors.called_in_decisions(user=member)] == [world["decision"].pk]
    assert selectors.overdue_responses(committee) == []
    sections = thread.sections(member, committee, place=thread.SCRUTINY_DASHBOARD)
    by_key = {section.context["key"]: section.context for section in sections}
    assert [row.pk for row in by_key["contracts-below-good"]["rows"]] == [world["contract"].pk]
    assert "Inadequate" in by_key["contracts-below-good"]["rows"][0].detail
    assert [(row.pk, row.detail[:13]) for row in by_key["complaint-hot-spots"]["rows"]] == [
        (world["complained"].pk, "2 complaints ")
    ]
    with django_assert_max_num_queries(2):
        contracts_thread.contracts_below_good(member, committee)
    with django_assert_max_num_queries(1):
        residents_thread.complaint_hot_spots(member, committee)


def test_the_unit_cost_list_follows_a_change_to_a_services_budget(world: dict[str, Any]) -> None:
    """The worst-quartile list is remembered (core.memo) but never stale: a service whose budget rises into the worst
    quartile is listed at once."""
    member = world["member"]
    assert [c.pk for c in selectors.costly_services(user=member)[0]] == [world["costly"].pk]
    cheap = world["cheap"]
    cheap.gross_budget = cheap.gross_budget * 1000
    cheap.save()
    assert world["cheap"].pk in [c.pk for c in selectors.costly_services(user=member)[0]]


def test_adding_from_the_dashboard_fills_the_subject_and_asks_why(world: dict[str, Any]) -> None:
    client, committee = _client(world["member"]), world["committee"]
    add = reverse("governance:scrutiny-item-create", args=[committee.pk])
    dashboard = client.get(reverse("governance:scrutiny-dashboard", args=[committee.pk]))
    assert dashboard.status_code == 200
    assert (
        dashboard.content.decode().count("Add to work programme<") == 5
    )  # indicator, service, decision, contract, hot spot
    button = {
        "from_dashboard": "1",
        "subject_kind": "indicator",
        "indicator": str(world["worsening"].pk),
        "title": "ASC-01: Reablement",
        "source": "Scrutiny dashboard: Indicators off target and getting worse",
    }
    page = client.post(add, button)
    assert page.status_code == 200
    assert act.REASON_REQUIRED not in page.content.decode()  # asked, not yet refused
    assert WorkProgrammeItem.objects.count() == 0
    token = re.search(r'name="form_token"[^>]*value="([^"]+)"', page.content.decode()).group(1)  # type: ignore[union-attr]
    posted = {k: v for k, v in button.items() if k != "from_dashboard"} | {"form_token": str(token)}
    refused = client.post(add, posted | {"reason": "  "})
    assert refused.status_code == 200
    assert act.REASON_REQUIRED in refused.content.decode()
    assert 'value="ASC-01: Reablement"' in refused.content.decode()  # nothing typed is lost
    assert WorkProgrammeItem.objects.count() == 0
    done = client.post(add, posted | {"reason": "Two quarters off target", "meeting": str(world["meeting"].pk)})
    assert done.status_code == 302
    item = WorkProgrammeItem.objects.get()
    assert (item.indicator, item.reason, item.meeting, item.status) == (
        world["worsening"],
        "Two quarters off target",
        world["meeting"],
        WorkItemStatus.SCHEDULED,
    )
    assert item.history.get().history_user == world["member"]
    again = client.get(reverse("governance:scrutiny-dashboard", args=[committee.pk])).content.decode()
    assert again.count("Add to work programme<") == 4
    assert "On the work programme" in again


def test_a_contract_is_added_by_its_id_and_a_hot_spot_as_a_service(world: dict[str, Any]) -> None:
    committee, member = world["committee"], world["member"]
    contract = act.work_programme_item_add(
        body=committee,
        details=_details(subject_kind=SubjectKind.CONTRACT, contract_id=world["contract"].pk, title="CON-2026-401"),
        by=member,
    )
    assert contract.contract_id == world["contract"].pk
    service = act.work_programme_item_add(
        body=committee,
        details=_details(subject_kind=SubjectKind.SERVICE, subject=world["complained"], title="Bin collection"),
        by=member,
    )
    assert service.service == world["complained"]
    assert selectors.on_programme(body=committee) == {
        (SubjectKind.CONTRACT, world["contract"].pk),
        (SubjectKind.SERVICE, world["complained"].pk),
    }
    with pytest.raises(ValidationError) as missing:
        act.work_programme_item_add(
            body=committee, details=_details(subject_kind=SubjectKind.CONTRACT, contract_id=999999), by=member
        )
    assert missing.value.message_dict == {"subject_kind": [act.SUBJECT_MISSING.format(kind="contract")]}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reason": ""}, "reason", act.REASON_REQUIRED),
        ({"theme": " "}, "theme", act.SUBJECT_REQUIRED[SubjectKind.THEME]),
        ({"subject_kind": SubjectKind.INDICATOR}, "indicator", act.SUBJECT_REQUIRED[SubjectKind.INDICATOR]),
        ({"subject_kind": "planet"}, "subject_kind", act.SUBJECT_KIND_REQUIRED),
        ({"planned_month": "2027-05", "meeting": "meeting"}, "planned_month", act.MEETING_AND_MONTH),
    ],
)
def test_a_wrong_item_is_refused_naming_the_field(
    world: dict[str, Any], changes: dict[str, Any], field: str, message: str
) -> None:
    if changes.get("meeting") == "meeting":
        changes["meeting"] = world["meeting"]
    with pytest.raises(ValidationError) as refused:
        act.work_programme_item_add(body=world["committee"], details=_details(**changes), by=world["member"])
    assert refused.value.message_dict[field] == [message]
    assert not WorkProgramme.objects.exists()


def test_only_a_scrutiny_committee_has_a_work_programme(world: dict[str, Any]) -> None:
    cabinet = BodyFactory(kind=BodyKind.CABINET, name="Cabinet")
    with pytest.raises(ValidationError, match="not an overview and scrutiny committee"):
        act.work_programme_item_add(body=cabinet, details=_details(), by=world["member"])


def test_publishing_shows_the_programme_to_the_public(world: dict[str, Any]) -> None:
    committee = world["committee"]
    act.work_programme_item_add(body=committee, details=_details(), by=world["member"])
    path = reverse("governance:scrutiny-programme", args=[committee.pk])
    assert Client().get(path).status_code == 404
    act.work_programme_publish(body=committee, by=world["clerk"], today=timezone.localdate())
    assert "Loneliness" in Client().get(path).content.decode()
    with pytest.raises(ValidationError, match=act.ALREADY_PUBLISHED):
        act.work_programme_publish(body=committee, by=world["clerk"], today=timezone.localdate())


def test_an_inquiry_has_its_scope_members_sessions_and_report(world: dict[str, Any]) -> None:
    item = act.work_programme_item_add(body=world["committee"], details=_details(), by=world["member"])
    member = world["member"].councillor if hasattr(world["member"], "councillor") else None
    inquiry = act.inquiry_add(
        item=item, details=act.InquiryDetails(title="Loneliness inquiry", scope="Older people"), by=world["member"]
    )
    with pytest.raises(ValidationError) as refused:
        act.inquiry_update(
            inquiry=inquiry,
            details=act.InquiryDetails(title="Loneliness inquiry", scope="Older people", report_status="agreed"),
            by=world["member"],
        )
    assert refused.value.message_dict == {"report": [act.REPORT_TEXT_REQUIRED], "report_on": [act.REPORT_DATE_REQUIRED]}
    with pytest.raises(ValidationError) as no_witness:
        act.evidence_session_add(
            inquiry=inquiry, details=act.SessionDetails(held_on=None, witnesses=""), by=world["member"]
        )
    assert set(no_witness.value.message_dict) == {"held_on", "witnesses"}
    act.evidence_session_add(
        inquiry=inquiry,
        details=act.SessionDetails(
            held_on=timezone.localdate(), witnesses="Age UK", papers="Survey\nhttps://example.org/a.pdf"
        ),
        by=world["member"],
    )
    page = _client(world["member"]).get(reverse("governance:scrutiny-inquiry", args=[inquiry.pk])).content.decode()
    assert "Age UK" in page
    assert '<a class="govuk-link" href="https://example.org/a.pdf"' in page  # a link is a link; a title is text
    assert EvidenceSession.objects.get().paper_lines == ["Survey", "https://example.org/a.pdf"]
    assert member is None or Inquiry.objects.get().members.count() == 0


@pytest.mark.parametrize("demo_council", ["district"], indirect=True)
def test_the_demo_committee_has_a_published_work_programme_and_an_inquiry(demo_council: Any) -> None:
    programme = WorkProgramme.objects.get(body__kind=BodyKind.SCRUTINY, body__name="Overview and Scrutiny Committee")
    assert programme.published_on is not None
    assert programme.items.count() >= 3
    inquiry = Inquiry.objects.get(item__programme=programme)
    assert inquiry.members.exists()
    assert inquiry.sessions.count() == 1


@demo.measured_at_both_scales
def _measure(scale: str) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from commissioning.accounts.models import User

    client = _client(User.objects.get(username="scrutiny"))
    programme = WorkProgramme.objects.select_related("body").get(body__name="Overview and Scrutiny Committee")
    counts = {}
    for name, route in (("dashboard", "governance:scrutiny-dashboard"), ("programme", "governance:scrutiny-programme")):
        path = reverse(route, args=[programme.body_id])
        assert client.get(path).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        counts[name] = len(queries)
    return counts


@pytest.mark.slow
@pytest.mark.django_db
def test_scrutiny_pages_cost_the_same_queries_at_both_demo_scales(demo_query_counts: demo.QueryCounts) -> None:
    counts = demo_query_counts[_measure]
    assert counts["district"] == counts["metropolitan"]
