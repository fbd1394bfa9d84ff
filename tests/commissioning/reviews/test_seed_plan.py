"""The demo plan: officers with skills and days, the skill each service's review needs, judgements with reasons,
and two versions of the prioritisation model, the earlier one kept with the scores it ranked by."""

from __future__ import annotations

import pytest

from commissioning.reviews import selectors
from commissioning.reviews.demo import CURRENT_WEIGHTS, EARLIER_WEIGHTS, OFFICERS
from commissioning.reviews.models import (
    CommissioningOfficer,
    CriterionScore,
    PriorityJudgement,
    PriorityModel,
    ServiceSkill,
    Skill,
)
from commissioning.services.models import Service
from tests.demo import METROPOLITAN, DemoCouncil

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("demo_council", ["district", METROPOLITAN], indirect=True)
def test_each_scale_has_its_plan(demo_council: DemoCouncil) -> None:
    scale = demo_council.scale
    assert CommissioningOfficer.objects.count() == OFFICERS[scale]
    capacity = selectors.capacity_by_skill(12)
    assert set(capacity) == set(Skill.values)
    assert all(len(days) == 12 for days in capacity.values())
    earlier, current = PriorityModel.objects.order_by("number")
    assert (earlier.weights, earlier.is_current, current.weights, current.is_current) == (
        EARLIER_WEIGHTS,
        False,
        CURRENT_WEIGHTS,
        True,
    )
    services = Service.objects.filter(archived_at__isnull=True).count()
    assert CriterionScore.objects.filter(model=earlier).count() == services * len(EARLIER_WEIGHTS)
    judgements = PriorityJudgement.objects.all()
    assert judgements.count() >= services  # a judgement of risk for every service, and more
    assert all(j.reason.strip() and j.judged_by_id for j in judgements)
    needed = {s.skill for s in ServiceSkill.objects.all()}
    # A district council has no social care or public health; a metropolitan one needs every specialist skill.
    assert needed >= ({Skill.PROCUREMENT} if scale == "district" else set(Skill.values) - {Skill.GENERALIST})
    # The council's officers have every skill its services need, and generalists (a district has no specialists in
    # safeguarding or public health to employ).
    assert all(capacity[skill][0] > 0 for skill in needed | {Skill.GENERALIST})
    scores = selectors.priority_scores()
    assert len(scores) == services
    assert all(0 <= score <= 5 for score in scores.values())
    assert len(set(scores.values())) >= 10  # the model tells services apart
