"""engine.equality.assessment: the summary of an equality impact assessment and what stops its sign-off."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.equality.assessment import (
    KEYS,
    NEGATIVE,
    NEUTRAL,
    NO_CONCLUSION,
    NOT_RATED,
    POSITIVE,
    UNADDRESSED,
    Impact,
    Problem,
    labels,
    sign_off_problems,
    summarise,
)

texts = st.sampled_from(["", "  ", "Transport to the new venue"])
impacts = st.builds(
    Impact,
    characteristic=st.sampled_from(KEYS),
    impact=st.sampled_from(["", POSITIVE, NEUTRAL, NEGATIVE]),
    mitigation=texts,
    justification=texts,
)
assessments = st.lists(impacts, unique_by=lambda impact: impact.characteristic)


def test_eleven_characteristics_the_nine_of_the_act_and_two_more():
    assert len(KEYS) == 11
    assert {"age", "disability", "race", "sex", "socio_economic", "carers"} <= set(KEYS)


def test_a_negative_impact_is_mitigated_justified_or_neither():
    summary = summarise(
        [
            Impact("age", NEGATIVE, mitigation="Transport provided"),
            Impact("disability", NEGATIVE, justification="The only way to keep the service safe"),
            Impact("race", NEGATIVE, mitigation="  "),
            Impact("carers", POSITIVE),
        ]
    )
    assert summary.negative == ("age", "disability", "race")
    assert summary.mitigated == ("age",)
    assert summary.justified == ("disability",)
    assert summary.unaddressed == ("race",)
    assert summary.positive == ("carers",)
    assert len(summary.not_rated) == 7
    assert summary.blocks_decision


def test_sign_off_names_every_problem_in_order():
    summary = summarise([Impact(key, NEUTRAL) for key in KEYS if key != "sex"] + [Impact("sex", NEGATIVE)])
    assert sign_off_problems(summary, conclusion=" ") == (Problem(UNADDRESSED, ("sex",)), Problem(NO_CONCLUSION))
    assert sign_off_problems(summarise([]), conclusion="Fine")[0] == Problem(NOT_RATED, KEYS)


def test_unknown_characteristic_or_impact_and_twice_assessed_are_refused():
    with pytest.raises(ValueError, match="unknown characteristic"):
        Impact("height", NEUTRAL)
    with pytest.raises(ValueError, match="unknown impact"):
        Impact("age", "awful")
    with pytest.raises(ValueError, match="assessed twice"):
        summarise([Impact("age", NEUTRAL), Impact("age", NEGATIVE)])


def test_labels_read_as_a_sentence():
    assert labels(("age",)) == "Age"
    assert labels(("age", "disability", "carers")) == "Age, Disability and Carers"


@given(assessments)
def test_negative_is_exactly_mitigated_justified_and_unaddressed(rows):
    summary = summarise(rows)
    parts = summary.mitigated + summary.justified + summary.unaddressed
    assert sorted(parts) == sorted(summary.negative)
    assert len(set(parts)) == len(parts)
    rated = summary.positive + summary.neutral + summary.negative
    assert sorted(rated + summary.not_rated) == sorted(KEYS)


@given(assessments, texts)
def test_signed_off_only_when_complete_addressed_and_concluded(rows, conclusion):
    summary = summarise(rows)
    allowed = not sign_off_problems(summary, conclusion=conclusion)
    assert allowed == (summary.complete and not summary.unaddressed and bool(conclusion.strip()))
    # Whatever else is missing, a negative impact neither mitigated nor justified is always named.
    named = {key for problem in sign_off_problems(summary, conclusion=conclusion) for key in problem.characteristics}
    assert set(summary.unaddressed) <= named
