"""Equality impact assessments (ADR 0036): starting, answering, signing off (refused with a named message while a
negative impact is neither mitigated nor justified) and the guard on publishing a decision that adopts the option."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from commissioning.appraisals import actions_equality as act
from commissioning.appraisals.actions_equality import CharacteristicAnswer
from commissioning.appraisals.calculations_equality import KEYS
from commissioning.appraisals.models import EiaStatus, EqualityImpactAssessment
from commissioning.contracts import actions_decommissioning
from commissioning.core.permissions import Role
from commissioning.governance.actions import decisions as decision_actions
from commissioning.governance.actions.decisions import DecisionDetails, ResolutionDetails
from commissioning.governance.models import DecisionStatus, MakerKind
from tests.commissioning.appraisals.factories import BusinessCaseFactory, OptionFactory
from tests.commissioning.governance.factories import BodyFactory
from tests.factories import ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(council):
    return UserFactory(role=Role.OFFICER)


@pytest.fixture
def director(council):
    return UserFactory(role=Role.DIRECTOR)


def _answer_all(assessment, by, **negative):
    """Every characteristic neutral, except ``negative``'s keys (each a CharacteristicAnswer)."""
    for key in KEYS:
        answer = negative.get(key, CharacteristicAnswer(impact="neutral", evidence="No different effect."))
        assessment = act.eia_characteristic_update(assessment=assessment, characteristic=key, answer=answer, by=by)
    return act.eia_conclusion_update(assessment=assessment, conclusion="Acceptable with the mitigations.", by=by)


def test_an_option_is_assessed_once_and_its_assessment_names_its_review(officer):
    option = OptionFactory()
    assessment = act.eia_create(option=option, by=officer)
    assert (assessment.review, assessment.option, assessment.status) == (option.appraisal.review, option, "draft")
    assert assessment.history.count() == 1
    with pytest.raises(ValidationError) as refused:
        act.eia_create(option=option, by=officer)
    assert refused.value.messages == [act.EIA_EXISTS.format(subject=assessment.title)]
    review_assessment = act.eia_create(review=option.appraisal.review, by=officer)
    assert review_assessment.option is None


def test_sign_off_with_a_negative_impact_and_no_mitigation_is_refused_naming_it_and_saves_nothing(officer, director):
    assessment = act.eia_create(option=OptionFactory(), by=officer)
    negative = CharacteristicAnswer(impact="negative", evidence="Most users are over 75.")
    assessment = _answer_all(assessment, officer, age=negative, disability=negative)
    entries = assessment.history.count()
    with pytest.raises(ValidationError) as refused:
        act.eia_sign_off(assessment=assessment, by=director)
    assert refused.value.messages == [act.EIA_NEGATIVE_UNMITIGATED.format(characteristics="Age and Disability")]
    assessment.refresh_from_db()
    assert (assessment.status, assessment.signed_off_by, assessment.history.count()) == ("draft", None, entries)

    mitigated = CharacteristicAnswer(impact="negative", evidence="Most users are over 75.", mitigation="Transport.")
    act.eia_characteristic_update(assessment=assessment, characteristic="age", answer=mitigated, by=officer)
    justified = CharacteristicAnswer(impact="negative", justification="Only accessible venues remain.")
    assessment = act.eia_characteristic_update(
        assessment=assessment, characteristic="disability", answer=justified, by=officer
    )
    signed = act.eia_sign_off(assessment=assessment, by=director)
    assert (signed.status, signed.signed_off_by) == (EiaStatus.SIGNED_OFF, director)
    with pytest.raises(ValidationError) as final:
        act.eia_conclusion_update(assessment=signed, conclusion="Changed", by=officer)
    assert final.value.messages == [act.EIA_SIGNED_OFF_IS_FINAL]


def test_sign_off_names_characteristics_not_assessed_and_a_missing_conclusion(officer, director):
    assessment = act.eia_create(option=OptionFactory(), by=officer)
    with pytest.raises(ValidationError) as refused:
        act.eia_sign_off(assessment=assessment, by=director)
    assert refused.value.messages[0].startswith("Assess the impact on Age, Disability, Gender reassignment")
    assert refused.value.messages[-1] == act.EIA_CONCLUSION_REQUIRED


def _decision_adopting(option):
    case = BusinessCaseFactory(review=option.appraisal.review, status="submitted")
    clerk = UserFactory(role=Role.DEMOCRATIC)
    details = DecisionDetails(
        title="Adopt the new model",
        maker_kind=MakerKind.BODY,
        body=BodyFactory(cabinet=True),
        decided_on=dt.date(2026, 11, 30),
        reasons="The best value option.",
        resolutions=[ResolutionDetails(number=1, text="That the option be adopted.")],
        review=option.appraisal.review,
        business_case=case,
        adopted_option=option,
    )
    return decision_actions.decision_create(details=details, by=clerk), clerk


def test_a_decision_adopting_an_option_with_an_unaddressed_negative_impact_cannot_be_published(officer):
    option = OptionFactory(name="Outsource")
    assessment = act.eia_create(option=option, by=officer)
    assessment = act.eia_characteristic_update(
        assessment=assessment, characteristic="race", answer=CharacteristicAnswer(impact="negative"), by=officer
    )
    decision, clerk = _decision_adopting(option)
    client = Client()
    client.force_login(clerk)
    path = reverse("governance:decision-publish", args=[decision.pk])
    response = client.post(path, {})
    expected = decision_actions.ADOPTS_UNADDRESSED_NEGATIVE.format(option="Outsource", characteristics="Race")
    assert response.status_code == 200
    assert expected in response.content.decode()
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DRAFT

    act.eia_characteristic_update(
        assessment=assessment,
        characteristic="race",
        answer=CharacteristicAnswer(impact="negative", mitigation="Interpreters at every venue."),
        by=officer,
    )
    published = decision_actions.decision_publish(decision=decision, by=clerk, today=dt.date(2026, 11, 30))
    assert published.status == DecisionStatus.PUBLISHED
    page = client.get(reverse("governance:decision", args=[decision.pk])).content.decode()
    assert "Mitigated: Race." in page


def test_a_decision_adopting_an_option_never_assessed_is_published_as_before(officer):
    decision, clerk = _decision_adopting(OptionFactory())
    published = decision_actions.decision_publish(decision=decision, by=clerk, today=dt.date(2026, 11, 30))
    assert published.status == DecisionStatus.PUBLISHED


def test_a_decommissioning_starts_its_assessment_once(officer):
    record = actions_decommissioning.decommissioning_create(
        details=actions_decommissioning.DecommissioningStart(
            title="Day centre", lead=officer, service=ServiceFactory()
        ),
        by=officer,
    )
    started = actions_decommissioning.decommissioning_eia_start(record=record, by=officer)
    assert started.eia is not None
    assert started.eia.review is None
    again = actions_decommissioning.decommissioning_eia_start(record=started, by=officer)
    assert again.eia_id == started.eia_id
    assert EqualityImpactAssessment.objects.count() == 1


def test_the_summary_is_shown_where_the_assessment_is_reached(officer, director):
    option = OptionFactory(name="Two hubs")
    review = option.appraisal.review
    review.published = True
    review.save()
    mitigated = CharacteristicAnswer(impact="negative", mitigation="Transport to the hubs.")
    _answer_all(act.eia_create(option=option, by=officer), officer, age=mitigated)
    review_assessment = act.eia_sign_off(
        assessment=_answer_all(act.eia_create(review=review, by=officer), officer), by=director
    )
    staff = Client()
    staff.force_login(officer)
    option_page = staff.get(reverse("appraisals:option-detail", args=[option.pk])).content.decode()
    assert "Mitigated: Age." in option_page
    review_page = staff.get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert "The options&#39; assessments" in review_page or "The options' assessments" in review_page
    assert "Two hubs" in review_page
    # The public sees the review's signed-off assessment from the review's page, and not the option's.
    public_page = Client().get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert reverse("equality:detail", args=[review_assessment.pk]) in public_page
    assert "Two hubs" not in public_page
    assert Client().get(reverse("equality:detail", args=[review_assessment.pk])).status_code == 200

    # A director sees, on a draft's page, why it cannot be signed off yet.
    draft = act.eia_create(option=OptionFactory(appraisal=option.appraisal, name="Outsource"), by=officer)
    boss = Client()
    boss.force_login(director)
    page = boss.get(reverse("equality:detail", args=[draft.pk])).content.decode()
    assert act.EIA_CONCLUSION_REQUIRED in page


def test_a_decommissioning_page_shows_its_assessment(officer):
    record = actions_decommissioning.decommissioning_create(
        details=actions_decommissioning.DecommissioningStart(
            title="Day centre", lead=officer, service=ServiceFactory()
        ),
        by=officer,
    )
    client = Client()
    client.force_login(officer)
    response = client.post(reverse("contracts:decommissioning-eia-start", args=[record.pk]))
    record.refresh_from_db()
    assert response["Location"] == reverse("equality:detail", args=[record.eia_id])
    page = client.get(reverse("contracts:decommissioning-detail", args=[record.pk])).content.decode()
    assert "Not assessed yet: Age" in page
    assessment_page = client.get(reverse("equality:detail", args=[record.eia_id])).content.decode()
    assert "Decommissioning:" in assessment_page


def test_a_committee_report_drafted_from_the_review_says_what_the_options_assessment_found(officer, director):
    from commissioning.governance.selectors.reports import draft_from_review

    option = OptionFactory(name="Two hubs")
    review = option.appraisal.review
    assert draft_from_review(user=officer, review=review)["equalities"] == ""  # nothing assessed yet
    mitigated = CharacteristicAnswer(impact="negative", evidence="Longer trips.", mitigation="Transport to the hubs.")
    justified = CharacteristicAnswer(impact="negative", evidence="Fewer sites.", justification="Safer buildings.")
    positive = CharacteristicAnswer(impact="positive", evidence="Step-free hubs.")
    assessment = _answer_all(
        act.eia_create(option=option, by=officer), officer, age=mitigated, carers=justified, disability=positive
    )
    act.eia_sign_off(assessment=assessment, by=director)
    # The review has no business case in this test, so the option drafted from is the appraisal's first non-BAU one.
    text = draft_from_review(user=officer, review=review)["equalities"]
    assert text.startswith("The equality impact assessment of the option Two hubs is signed off by ")
    assert "It finds a negative impact on age and carers." in text
    assert "Mitigation is recorded for age." in text
    assert "Going ahead is justified, without mitigation, for carers." in text
    assert "It finds a positive impact on disability." in text
    assert text.endswith("Acceptable with the mitigations.")
