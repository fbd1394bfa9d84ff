"""The demo appraisals: a few reviews get a full shortlist, a few business cases are submitted; seeding twice adds
nothing."""

from __future__ import annotations

import io

import pytest
import weasyprint
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.appraisals import document, selectors
from commissioning.appraisals.models import (
    Appraisal,
    BusinessCase,
    BusinessCaseStatus,
    CostBenefitLine,
    CriterionScore,
    OptionKind,
    SimulationRun,
)
from tests.demo import METROPOLITAN, DemoCouncil

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", scale="district", stdout=out)
    return out.getvalue()


def test_the_demo_council_has_appraisals_and_a_submitted_business_case(demo_district: DemoCouncil) -> None:
    appraisals = list(Appraisal.objects.order_by("pk"))
    assert len(appraisals) == 3
    for appraisal in appraisals:
        options = selectors.shortlist(appraisal=appraisal)
        kinds = [option.kind for option in options]
        assert kinds[:2] == [OptionKind.BAU, OptionKind.DO_MINIMUM]
        assert len(options) >= 3
        assert all(option.current_lines for option in options)
        assert any(line.range_low is not None for option in options for line in option.current_lines)
        assert all(len(option.current_scores) == 6 for option in options)
        assert all(option.optimism_bias_category for option in options)
    # The first and third reviews' cases are submitted (the governance demo decides on them), the second's a draft.
    cases = list(BusinessCase.objects.order_by("review__reference").select_related("review"))
    assert [case.status for case in cases] == [
        BusinessCaseStatus.SUBMITTED,
        BusinessCaseStatus.DRAFT,
        BusinessCaseStatus.SUBMITTED,
    ]
    assert [a.review_id for a in appraisals] == [case.review_id for case in cases]
    for submitted in (cases[0], cases[2]):
        # The frozen figures are the ones the appraisal gives today (nothing has changed since).
        appraisal = Appraisal.objects.get(review=submitted.review)
        run = SimulationRun.objects.get(appraisal=appraisal)
        live = document.appraisal_document(
            appraisal=appraisal, options=selectors.shortlist(appraisal=appraisal), run=run
        )
        assert live["simulation"]["current"]
        assert [o["result"] for o in submitted.snapshot["options"]] == [o["result"] for o in live["options"]]
        assert submitted.recommended_option_id == live["preferred_id"]
        assert submitted.snapshot["council"] == "Wexcombe Borough Council"
    assert cases[0].submitted_at < cases[2].submitted_at


def test_seeding_again_adds_and_changes_nothing(demo_district: DemoCouncil) -> None:
    counts = [model.objects.count() for model in (Appraisal, CostBenefitLine, CriterionScore, BusinessCase)]
    submitted = BusinessCase.objects.filter(status=BusinessCaseStatus.SUBMITTED).order_by("pk")
    snapshots = [case.snapshot for case in submitted]
    assert "0 records created" in seed()
    assert [model.objects.count() for model in (Appraisal, CostBenefitLine, CriterionScore, BusinessCase)] == counts
    assert [case.snapshot for case in submitted.all()] == snapshots


@pytest.mark.parametrize("demo_council", ["district", METROPOLITAN], indirect=True)
def test_every_seeded_submitted_version_has_its_pdf_stored_and_served_without_rendering(
    demo_council: DemoCouncil, monkeypatch: pytest.MonkeyPatch
) -> None:
    submitted = list(BusinessCase.objects.filter(status=BusinessCaseStatus.SUBMITTED))
    assert submitted
    assert all(case.pdf and bytes(case.pdf).startswith(b"%PDF") for case in submitted)
    assert all(case.snapshot.get("charts") for case in submitted)  # frozen as a submission freezes them

    def refused(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a submitted version's PDF is rendered again")

    monkeypatch.setattr(weasyprint, "HTML", refused)
    client = Client()
    client.force_login(User.objects.get(username="officer"))
    for case in submitted:
        response = client.get(reverse("appraisals:business-case-pdf", args=[case.pk]))
        assert response.status_code == 200
        assert response.content == bytes(case.pdf)
