"""The risk register's actions and selectors: the score rules with their named messages (nothing saved), one history
entry per action, a review re-assessing the scores, escalation with its reason, visibility by role, the register's
filters and the committee report's risk extract (on one module-scoped world)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commissioning.core import thread
from commissioning.core.permissions import Role
from commissioning.risks import actions as act
from commissioning.risks import calculations, selectors
from commissioning.risks import thread as risk_thread
from commissioning.risks.models import Control, Level, Risk, RiskAction, RiskReview
from tests import matrix
from tests.commissioning.risks.risk_world import SCORES, build, details

pytestmark = pytest.mark.django_db
world = matrix.world_fixture(build)


def _errors(raised: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return raised.value.message_dict


def test_a_score_outside_1_to_5_is_named_and_nothing_saved(world: dict[str, Any]) -> None:
    officer = world["users"][Role.OFFICER]
    before = Risk.objects.count()
    with pytest.raises(ValidationError) as raised:
        act.risk_create(details=details(owner=officer, scores=act.Scores(6, 4, 3, 3, 2, 2)), by=officer)
    assert _errors(raised) == {
        "inherent_likelihood": [calculations.SCORE_OUT_OF_RANGE.format(what="The inherent likelihood")]
    }
    assert Risk.objects.count() == before


def test_a_target_worse_than_the_residual_is_refused(world: dict[str, Any]) -> None:
    officer = world["users"][Role.OFFICER]
    with pytest.raises(ValidationError) as raised:
        act.risk_create(details=details(owner=officer, scores=act.Scores(4, 4, 2, 2, 3, 3)), by=officer)
    assert _errors(raised) == {
        "target_likelihood": [calculations.TARGET_WORSE_THAN_RESIDUAL.format(target=9, residual=4)]
    }


def test_a_directorate_or_review_risk_names_its_register(world: dict[str, Any]) -> None:
    officer = world["users"][Role.OFFICER]
    with pytest.raises(ValidationError) as raised:
        act.risk_create(details=details(owner=officer, level=Level.DIRECTORATE), by=officer)
    assert _errors(raised) == {"directorate": [act.DIRECTORATE_REQUIRED]}
    with pytest.raises(ValidationError) as raised:
        act.risk_create(details=details(owner=officer, level=Level.REVIEW), by=officer)
    assert _errors(raised) == {"review": [act.REVIEW_REQUIRED]}


def test_an_edit_keeps_the_register_escalation_moves_it(world: dict[str, Any]) -> None:
    risk = Risk.objects.get(pk=world["risks"]["unpublished"].pk)
    officer = world["users"][Role.OFFICER]
    with pytest.raises(ValidationError) as raised:
        act.risk_update(risk=risk, details=details(owner=officer, level=Level.CORPORATE), by=officer)
    assert _errors(raised) == {"level": [act.LEVEL_CHANGED.format(level="review")]}


def test_a_review_risk_takes_its_reviews_directorate(world: dict[str, Any]) -> None:
    risk = world["risks"]["unpublished"]
    assert (risk.level, risk.directorate, risk.history.count()) == (Level.REVIEW, world["directorate"], 1)
    assert risk.reference.startswith("RSK-")


def test_once_a_control_works_the_residual_cannot_exceed_the_inherent(world: dict[str, Any]) -> None:
    officer = world["users"][Role.OFFICER]
    risk = act.risk_create(details=details(owner=officer, scores=act.Scores(2, 2, 3, 3, 1, 1)), by=officer)
    with pytest.raises(ValidationError) as raised:
        act.control_add(risk=risk, description="Monitoring", positive_effect=True, by=officer)
    assert _errors(raised) == {"positive_effect": [act.CONTROL_RESIDUAL_ABOVE_INHERENT.format(residual=9, inherent=4)]}
    act.control_add(risk=risk, description="Planned, not in place", positive_effect=False, by=officer)
    risk = act.risk_update(risk=risk, details=details(owner=officer, scores=act.Scores(3, 3, 2, 2, 1, 1)), by=officer)
    act.control_add(risk=risk, description="Monitoring", positive_effect=True, by=officer)
    with pytest.raises(ValidationError) as raised:
        act.risk_update(risk=risk, details=details(owner=officer, scores=act.Scores(2, 2, 3, 3, 1, 1)), by=officer)
    assert _errors(raised) == {
        "residual_likelihood": [calculations.RESIDUAL_WORSE_THAN_INHERENT.format(residual=9, inherent=4)]
    }
    assert Risk.objects.get(pk=risk.pk).residual == 4
    assert Control.objects.filter(risk=risk).count() == 2


def test_recording_a_review_reassesses_the_scores_in_one_history_entry(world: dict[str, Any]) -> None:
    officer = world["users"][Role.OFFICER]
    risk = Risk.objects.get(pk=world["risks"]["published"].pk)
    entries = risk.history.count()
    today = timezone.localdate()
    with pytest.raises(ValidationError) as raised:
        act.risk_review_record(risk=risk, reviewed_on=today, scores=SCORES, note="", next_review_on=today, by=officer)
    assert _errors(raised) == {"note": [act.REVIEW_NOTE_REQUIRED], "next_review_on": [act.REVIEW_NEXT_NOT_AFTER]}
    review = act.risk_review_record(
        risk=risk,
        reviewed_on=today,
        scores=act.Scores(4, 4, 2, 3, 2, 2),
        note="Recovery plan working",
        next_review_on=today + dt.timedelta(days=90),
        by=officer,
    )
    fresh = Risk.objects.get(pk=risk.pk)
    assert (fresh.residual, fresh.next_review_on, fresh.last_reviewed_on) == (6, review.next_review_on, today)
    assert fresh.history.count() == entries + 1
    assert fresh.history.latest().history_change_reason == "Reviewed: Recovery plan working"
    assert RiskReview.objects.filter(risk=risk).count() == 1
    points = selectors.score_history(fresh)
    assert [p.residual for p in points][-2:] == [9, 6]
    page = Client()
    page.force_login(officer)
    body = page.get(reverse("risks:scores", args=[risk.pk])).content.decode()
    assert 'data-testid="scores-chart"' in body
    assert "Reviewed: Recovery plan working" in body


def test_escalation_needs_a_reason_and_keeps_the_history(world: dict[str, Any]) -> None:
    director = world["users"][Role.DIRECTOR]
    risk = Risk.objects.get(pk=world["risks"]["unpublished"].pk)
    entries = risk.history.count()
    with pytest.raises(ValidationError) as raised:
        act.risk_escalate(risk=risk, level=Level.CORPORATE, reason="  ", by=director)
    assert _errors(raised) == {"reason": [act.ESCALATION_REASON_REQUIRED]}
    with pytest.raises(ValidationError) as raised:
        act.risk_escalate(risk=risk, level=Level.REVIEW, reason="Why", by=director)
    assert _errors(raised) == {"level": [act.ESCALATION_LEVEL]}
    escalated = act.risk_escalate(risk=risk, level=Level.CORPORATE, reason="Affects every directorate", by=director)
    assert (escalated.level, escalated.escalated_from, escalated.escalated_by) == (
        Level.CORPORATE,
        Level.REVIEW,
        director,
    )
    assert escalated.review == world["review"]  # still on the review's page
    assert escalated.history.count() == entries + 1
    with pytest.raises(ValidationError) as raised:
        act.risk_escalate(risk=escalated, level=Level.CORPORATE, reason="Again", by=director)
    assert raised.value.messages == [act.ESCALATION_NOT_REVIEW.format(level="corporate")]


def test_an_action_is_overdue_until_done(world: dict[str, Any]) -> None:
    officer = world["users"][Role.OFFICER]
    action = RiskAction.objects.get(pk=world["action"].pk)
    action.due_on = timezone.localdate() - dt.timedelta(days=1)
    assert action.overdue
    overdue = selectors.risk_list(user=officer, filters=selectors.RiskFilters(overdue=True))
    assert list(overdue) == []  # the stored action is due today: not overdue yet
    done = act.risk_action_complete(action=action, by=officer)
    assert done.done
    assert not done.overdue
    with pytest.raises(ValidationError):
        act.risk_action_complete(action=done, by=officer)


def test_who_sees_which_risks(world: dict[str, Any]) -> None:
    risks = world["risks"]
    everyone = {risks["published"].pk, risks["unpublished"].pk, risks["other"].pk}
    published = {risks["published"].pk, risks["other"].pk}
    for role, expected in [
        (Role.OFFICER, everyone),
        (Role.CABINET, everyone),
        (Role.SCRUTINY, published),
        (Role.COUNCILLOR, published),
        (Role.PROVIDER, set()),
        (Role.PARTNER, set()),
    ]:
        seen = set(selectors.visible_risks(user=world["users"][role]).values_list("pk", flat=True))
        assert seen == expected, role


def test_the_register_filters(world: dict[str, Any]) -> None:
    officer = world["users"][Role.OFFICER]

    def refs(**kw: Any) -> set[str]:
        return set(
            selectors.risk_list(user=officer, filters=selectors.RiskFilters(**kw)).values_list("title", flat=True)
        )

    assert refs(level=Level.REVIEW) == {"Review risk"}
    assert refs(owner=world["users"][Role.FINANCE].pk) == {"Finance's risk"}
    assert refs(band="medium") == {"Published corporate risk", "Review risk", "Finance's risk"}
    assert refs(band="high") == set()
    assert refs(directorate=world["directorate"].pk) == {"Review risk"}
    assert refs(q="finance") == {"Finance's risk"}


def test_the_committee_report_extract_and_the_review_section(world: dict[str, Any]) -> None:
    officer = world["users"][Role.OFFICER]
    review = world["review"]
    [extract] = thread.sections(officer, review, place=thread.COMMITTEE_REPORT_RISKS)
    assert [risk.title for risk in extract.context["risks"]] == ["Review risk"]
    assert sum(cell.count for row in extract.context["grid"] for cell in row) == 1
    html = render_to_string(extract.template, {"section": extract, "user": officer})
    assert "Risk matrix" in html
    assert "<svg" not in html
    assert "<form" not in html

    class Decision:  # a governance Decision, as the extract reads it: its review_id alone
        review_id = None

    corporate = risk_thread.report_risks_of_decision(officer, Decision())
    assert corporate is not None
    assert {risk.title for risk in corporate.context["risks"]} == {"Published corporate risk", "Finance's risk"}
    Decision.review_id = review.pk
    assert [r.title for r in risk_thread.report_risks_of_decision(officer, Decision()).context["risks"]] == [
        "Review risk"
    ]
    # The review page's section: the council's staff see it with a link to add a risk; providers see nothing.
    page = Client()
    page.force_login(officer)
    body = page.get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert "Add a risk to this review" in body
    assert "Review risk" in body
    assert risk_thread.risks_of_review(world["users"][Role.PROVIDER], review) is None


def test_the_export_has_the_registers_rows_and_headers(world: dict[str, Any]) -> None:
    officer = world["users"][Role.OFFICER]
    rows = list(
        selectors.risk_export_rows(selectors.risk_list(user=officer, filters=selectors.RiskFilters(level=Level.REVIEW)))
    )
    assert len(rows) == 1
    row = dict(zip(selectors.EXPORT_HEADERS, rows[0], strict=True))
    assert (row["Reference"], row["Review"], row["Residual score"], row["Residual band"]) == (
        world["risks"]["unpublished"].reference,
        world["review"].reference,
        9,
        "Medium",
    )
