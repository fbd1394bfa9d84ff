"""Virement actions: the band by the cumulative rule, refusal above the approver's band (nothing saved), both lines
moved with history in one transaction, permanent virements in later years, and the body's decision."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from commissioning.core.permissions import Role
from commissioning.finance import actions_virements as act
from commissioning.finance.models import Approver, BudgetLine, Permanence, Virement, VirementStatus
from commissioning.governance import hooks as governance_hooks
from tests import matrix
from tests.commissioning.finance.virement_world import build, request

pytestmark = pytest.mark.django_db
world = matrix.world_fixture(build)
D = Decimal


def _revised(world, key):
    return BudgetLine.objects.get(pk=world["lines"][key].pk).revised


def _snapshot():
    return (
        list(BudgetLine.objects.values_list("pk", "revised")),
        list(Virement.objects.values_list("pk", "status", "decided_by", "decision")),
        BudgetLine.history.count(),
        Virement.history.count(),
    )


def test_the_band_follows_the_amount_counted_on_the_line_this_year(world):
    first = request(world, "a", "b", "20000")
    assert (first.band, first.cumulative, first.reference) == (Approver.SERVICE_HEAD, D("20000"), "VIR-2026-001")
    second = request(world, "a", "c", "20000")  # a split request: £40,000 from line a this year
    assert (second.band, second.cumulative) == (Approver.DIRECTOR, D("40000"))
    act.virement_refuse(virement=first, by=world["users"][Role.DIRECTOR], reason="Split")
    third = request(world, "a", "d", "20000")  # the refused one no longer counts
    assert (third.band, third.cumulative) == (Approver.DIRECTOR, D("40000"))
    into = request(world, "d", "c", "70000")  # the line receiving counts too: c has £90,000
    assert (into.band, into.cumulative) == (Approver.CABINET, D("90000"))


def test_nobody_approves_above_their_band_and_nothing_is_saved(world):
    virement = request(world, "a", "b", "30000")  # the director's band
    before = _snapshot()
    with pytest.raises(ValidationError) as refused:
        act.virement_approve(virement=virement, by=world["users"][Role.OFFICER])  # the service head
    assert refused.value.messages[0].startswith("You cannot approve this virement: it needs approval by Director")
    assert "above your band (Service head)" in refused.value.messages[0]
    with pytest.raises(ValidationError, match="you hold no approval band"):
        act.virement_approve(virement=virement, by=world["users"][Role.SCRUTINY])
    assert _snapshot() == before


def test_approving_moves_both_lines_with_history_in_one_go(world):
    virement = request(world, "a", "b", "12000", permanence=Permanence.PERMANENT)
    approved = act.virement_approve(virement=virement, by=world["users"][Role.OFFICER])
    assert approved.status == VirementStatus.APPROVED
    assert approved.decided_by == world["users"][Role.OFFICER]
    assert _revised(world, "a") == D("488000")
    assert _revised(world, "b") == D("512000")
    assert _revised(world, "a-next") == D("488000")
    assert _revised(world, "b-next") == D("512000")
    entry = BudgetLine.history.filter(id=world["lines"]["a"].pk).latest("history_id")
    assert entry.history_change_reason.startswith(f"Virement {approved.reference}: £12,000.00 from")
    assert entry.history_user == world["users"][Role.OFFICER]
    with pytest.raises(ValidationError, match="already approved"):
        act.virement_approve(virement=virement, by=world["users"][Role.OFFICER])


def test_a_one_off_virement_leaves_later_years_alone(world):
    virement = request(world, "a", "b", "5000")
    act.virement_approve(virement=virement, by=world["users"][Role.DIRECTOR])
    assert _revised(world, "a-next") == D("500000")


def test_cabinet_approves_in_its_band_with_its_decision_and_not_above(world):
    cabinet = world["users"][Role.CABINET]
    virement = request(world, "c", "d", "80000")
    with pytest.raises(ValidationError) as missing:
        act.virement_approve(virement=virement, by=cabinet)
    assert missing.value.message_dict == {"decision_reference": [act.DECISION_NEEDED.format(band="Cabinet")]}
    with pytest.raises(ValidationError, match="There is no published decision DEC-2026-103"):
        act.virement_approve(virement=virement, by=cabinet, decision_reference="DEC-2026-103")
    approved = act.virement_approve(virement=virement, by=cabinet, decision_reference="dec-2026-101")
    assert approved.decision == world["decisions"]["cabinet"]

    above = request(world, "a", "b", "150000")
    before = _snapshot()
    with pytest.raises(ValidationError, match="it needs approval by Council"):
        act.virement_approve(virement=above, by=cabinet, decision_reference="DEC-2026-102")
    assert _snapshot() == before


def test_council_band_needs_councils_decision_recorded_by_the_section_151_officer(world):
    s151 = world["users"][Role.FINANCE]
    virement = request(world, "a", "b", "150000")
    with pytest.raises(ValidationError) as wrong:
        act.virement_approve(virement=virement, by=s151, decision_reference="DEC-2026-101")
    assert wrong.value.message_dict == {
        "decision_reference": [governance_hooks.DECISION_WRONG_BODY.format(reference="DEC-2026-101", bodies="Council")]
    }
    approved = act.virement_approve(virement=virement, by=s151, decision_reference="DEC-2026-102")
    assert approved.decision == world["decisions"]["council"]
    assert approved.band == Approver.COUNCIL


@pytest.mark.parametrize(
    ("source", "target", "amount", "field", "message"),
    [
        ("a", "a", "100", "to_line", act.SAME_LINE),
        ("a", "a-next", "100", "to_line", "Both budget lines must be for the same financial year"),
        ("a", "b", "600000", "amount", "The amount is more than the £500,000.00 revised budget of"),
    ],
)
def test_bad_requests_name_the_field_and_save_nothing(world, source, target, amount, field, message):
    before = _snapshot()
    with pytest.raises(ValidationError) as refused:
        request(world, source, target, amount)
    assert refused.value.message_dict[field][0].startswith(message)
    assert _snapshot() == before


def test_a_refusal_needs_a_reason_and_the_power(world):
    virement = request(world, "c", "d", "1000")
    with pytest.raises(ValidationError):
        act.virement_refuse(virement=virement, by=world["users"][Role.DIRECTOR], reason=" ")
    with pytest.raises(ValidationError, match="no approval band"):
        act.virement_refuse(virement=virement, by=world["users"][Role.OFFICER], reason="No")  # not c's head
    refused = act.virement_refuse(virement=virement, by=world["users"][Role.FINANCE], reason="Not needed")
    assert (refused.status, refused.refusal_reason) == (VirementStatus.REFUSED, "Not needed")


def test_a_failure_after_the_first_line_moved_leaves_nothing_half_saved(world, monkeypatch):
    virement = request(world, "a", "b", "8000")
    before = _snapshot()
    moved = []
    real_move = act._move

    def move_then_fail(line, change, **kw):
        if moved:
            raise ValidationError("The second line could not be saved")
        moved.append(line.pk)
        real_move(line, change, **kw)

    monkeypatch.setattr(act, "_move", move_then_fail)
    with pytest.raises(ValidationError, match="second line"):
        act.virement_approve(virement=virement, by=world["users"][Role.OFFICER])
    assert moved == [world["lines"]["a"].pk]  # the first line was saved inside the transaction, then rolled back
    assert _snapshot() == before
