"""manage.py plan_reviews: the exact JSON contract, exit code 2 with a message naming the review and the field for
every malformed instance, and naming the cause for an infeasible one; without --instance, the council's own data."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from commissioning.reviews.planning import council_instance
from tests.engine.optimisation.builders import instance, review

ROOT = Path(__file__).resolve().parents[3]
KEYS = ["status", "objective", "bound", "gap", "greedy_objective", "seconds", "schedule", "capacity"]

# H = 4, weight 0, one review a quarter: B (saving 80) first then A (saving 40) is worth 60 + 20 = 80; the plain
# ranking (A, priority 2, first) 30 + 40 = 70.
GOOD = instance(review("A", annual_saving=40, priority=2), review("B", annual_saving=80, priority=1), weight=0)


def run(tmp_path, data, *extra):
    path = tmp_path / "instance.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    out = io.StringIO()
    call_command("plan_reviews", "--instance", str(path), "--json", *extra, stdout=out)
    return json.loads(out.getvalue())


def refused(tmp_path, data):
    with pytest.raises(CommandError) as caught:
        run(tmp_path, data)
    assert caught.value.returncode == 2
    return str(caught.value)


def test_a_good_instance_prints_exactly_the_contract(tmp_path):
    printed = run(tmp_path, GOOD, "--time-limit", "5")
    assert list(printed) == KEYS
    assert (printed["status"], printed["objective"], printed["bound"], printed["gap"]) == ("optimal", 80, 80, 0)
    assert printed["greedy_objective"] == 70
    assert printed["schedule"] == [{"id": "B", "start": 1, "finish": 1}, {"id": "A", "start": 2, "finish": 2}]
    assert printed["capacity"][0] == {"skill": "gen", "quarter": 1, "available": 10.0, "used": 10.0}
    assert len(printed["capacity"]) == 4
    assert isinstance(printed["seconds"], float)


def test_without_json_it_prints_a_summary(tmp_path):
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(GOOD), encoding="utf-8")
    out = io.StringIO()
    call_command("plan_reviews", "--instance", str(path), stdout=out)
    assert "Status: optimal" in out.getvalue()
    assert "B: quarters 1-1" in out.getvalue()


def changed(path, value):
    """GOOD with one field changed (or removed, for value ...): path like ("reviews", 1, "duration")."""
    data = json.loads(json.dumps(GOOD))
    *parents, last = path
    target = data
    for step in parents:
        target = target[step]
    if value is ...:
        del target[last]
    else:
        target[last] = value
    return data


MALFORMED = [
    pytest.param(changed(("horizon",), ...), 'field "horizon": is missing', id="missing-top-level-key"),
    pytest.param(
        changed(("reviews", 1, "skill"), ...), 'review "B", field "skill": is missing', id="missing-review-key"
    ),
    pytest.param(
        changed(("reviews", 0, "dedline"), 3), 'review "A", field "dedline": is not a field', id="unknown-key"
    ),
    pytest.param(changed(("horizon",), "four"), 'field "horizon": must be a whole number', id="horizon-type"),
    pytest.param(
        changed(("reviews", 1, "effort_days"), "ten"),
        'review "B", field "effort_days": must be a number',
        id="effort-type",
    ),
    pytest.param(
        changed(("reviews", 0, "mandatory"), "yes"),
        'review "A", field "mandatory": must be true or false',
        id="mandatory-type",
    ),
    pytest.param(
        changed(("reviews", 0, "priority"), True),
        'review "A", field "priority": must be a number',
        id="bool-is-not-a-number",
    ),
    pytest.param(
        changed(("reviews", 0, "after"), "B"),
        'review "A", field "after": must be a list of review ids',
        id="after-type",
    ),
    pytest.param(
        changed(("reviews", 1, "effort_days"), -5),
        'review "B", field "effort_days": must be 0 or more',
        id="negative-effort",
    ),
    pytest.param(
        changed(("reviews", 1, "duration"), 5),
        'review "B", field "duration": 5 quarters is longer than the horizon of 4 quarters',
        id="duration-longer-than-horizon",
    ),
    pytest.param(
        changed(("reviews", 1, "duration"), 0), 'review "B", field "duration": must be at least 1', id="zero-duration"
    ),
    pytest.param(
        changed(("capacity", "gen", 2), -1),
        'field "capacity.gen": quarter 3: capacity -1 is negative',
        id="negative-capacity",
    ),
    pytest.param(
        changed(("capacity", "gen"), [10, 10, 10]),
        'field "capacity.gen": has 3 quarters; the horizon has 4',
        id="capacity-length",
    ),
    pytest.param(
        changed(("reviews", 1, "skill"), "legal"),
        'review "B", field "skill": "legal" has no capacity',
        id="unknown-skill",
    ),
    pytest.param(
        changed(("reviews", 0, "fixed_start"), 5),
        'review "A", field "fixed_start": quarter 5 is outside the horizon (quarters 1 to 4)',
        id="fixed-start-out-of-range",
    ),
    pytest.param(
        changed(("reviews", 0, "fixed_start"), 0),
        'review "A", field "fixed_start": quarter 0 is outside',
        id="fixed-start-zero",
    ),
    pytest.param(
        changed(("reviews", 1), review("B", duration=2, fixed_start=4)),
        'review "B", field "fixed_start": starting in quarter 4, 2 quarters would finish in quarter 5, after the horizon',
        id="fixed-start-runs-past-horizon",
    ),
    pytest.param(
        changed(("reviews", 1, "deadline"), 9),
        'review "B", field "deadline": quarter 9 is outside the horizon',
        id="deadline-out-of-range",
    ),
    pytest.param(
        changed(("reviews", 1, "id"), "A"),
        'review "A", field "id": the same id is used by more than one',
        id="duplicate-id",
    ),
    pytest.param(
        changed(("reviews", 0, "after"), ["Z"]),
        'review "A", field "after": "Z" is not the id of a review',
        id="unknown-after",
    ),
    pytest.param(
        changed(("reviews", 0, "after"), ["A"]),
        'review "A", field "after": a review cannot come after itself',
        id="self-after",
    ),
    pytest.param(
        instance(review("A", after=["C"]), review("B", after=["A"]), review("C", after=["B"])),
        'review "A", field "after": the "after" lists form a cycle: "A" after "C" after "B" after "A"',
        id="cycle",
    ),
    pytest.param(changed(("reviews", 0, "id"), 7), 'field "id": review 7: must be a non-empty string', id="id-type"),
    pytest.param(changed(("reviews",), {"A": 1}), 'field "reviews": must be a list of reviews', id="reviews-type"),
    pytest.param([1, 2], 'field "instance": the instance must be a JSON object', id="not-an-object"),
    pytest.param('{"horizon": 4,', "is not JSON", id="not-json"),
]


@pytest.mark.parametrize(("data", "message"), MALFORMED)
def test_every_malformed_instance_exits_2_naming_the_review_and_field(tmp_path, data, message):
    assert message in refused(tmp_path, data)


def test_a_missing_file_exits_2(tmp_path):
    with pytest.raises(CommandError) as caught:
        call_command("plan_reviews", "--instance", str(tmp_path / "nowhere.json"), "--json", stdout=io.StringIO())
    assert caught.value.returncode == 2
    assert "no such file" in str(caught.value)


def test_a_time_limit_must_be_positive(tmp_path):
    with pytest.raises(CommandError) as caught:
        run(tmp_path, GOOD, "--time-limit", "0")
    assert caught.value.returncode == 2
    assert "--time-limit must be a number of seconds above 0" in str(caught.value)


def test_an_infeasible_instance_exits_2_naming_the_cause_and_still_prints_its_json(tmp_path):
    # Two mandatory reviews fixed in quarter 1 need 20 days of the 10 there are.
    data = instance(review("A", mandatory=True, fixed_start=1), review("B", mandatory=True, fixed_start=1))
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("plan_reviews", "--instance", str(path), "--json", stdout=out)
    assert caught.value.returncode == 2
    assert 'the capacity of skill "gen" in quarter 1 (10 days) is short by 10 days' in str(caught.value)
    printed = json.loads(out.getvalue())
    assert list(printed) == KEYS
    assert (printed["status"], printed["objective"], printed["schedule"]) == ("infeasible", None, [])


def test_the_real_command_line(tmp_path):
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps(GOOD), encoding="utf-8")
    bad.write_text(json.dumps(changed(("capacity", "gen", 0), -3)), encoding="utf-8")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}

    def manage(path):
        return subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "plan_reviews", "--instance", str(path), "--json", "--time-limit", "5"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=60,
            check=False,
        )

    ran = manage(good)
    assert (ran.returncode, ran.stderr) == (0, "")
    assert list(json.loads(ran.stdout)) == KEYS
    refused_ = manage(bad)
    assert (refused_.returncode, refused_.stdout) == (2, "")
    assert 'field "capacity.gen": quarter 1: capacity -3 is negative' in refused_.stderr


@pytest.mark.django_db
def test_without_an_instance_it_plans_the_councils_own_reviews(demo_district):
    built = council_instance()
    assert built.horizon == 12
    assert built.reviews
    under_way = [r for r in built.reviews if r.mandatory]
    assert all(r.fixed_start == 1 for r in under_way)
    out = io.StringIO()
    call_command("plan_reviews", "--json", "--time-limit", "5", stdout=out)
    printed = json.loads(out.getvalue())
    assert printed["status"] in ("optimal", "feasible")
    scheduled = {p["id"] for p in printed["schedule"]}
    assert {r.id for r in under_way} <= scheduled


@pytest.mark.django_db
def test_the_councils_instance_reads_the_officers_days_the_models_scores_and_the_skills_services_need(demo_district):
    from commissioning.reviews import selectors
    from commissioning.services.models import Service

    built = council_instance()
    officers = selectors.capacity_by_skill(12)
    assert any(any(days) for days in officers.values())  # the demo records officers
    assert {skill: tuple(days) for skill, days in built.capacity.items()} == {
        skill: tuple(float(d) for d in days) for skill, days in officers.items()
    }
    scores = selectors.priority_scores()
    live = {s.reference: s for s in Service.objects.filter(archived_at__isnull=True)}
    skills = selectors.skills_of_services({s.pk for s in live.values()})
    candidates = [r for r in built.reviews if r.id in live]  # a candidate review's id is its service's reference
    assert candidates
    for candidate in candidates:
        service = live[candidate.id]
        assert candidate.priority == pytest.approx(round(scores[service.pk] * 20, 2))
        assert candidate.skill == skills[service.pk]
    assert len({r.priority for r in candidates}) > 1  # the model's scores, not one default for all


def test_no_plan_within_the_time_limit_exits_2_and_prints_no_json(tmp_path, monkeypatch):
    from commissioning.reviews.management.commands import plan_reviews
    from engine.optimisation import Result

    stopped = Result("unknown", None, None, None, None, 0.1, (), ())
    monkeypatch.setattr(plan_reviews, "solve", lambda *args, **kwargs: stopped)
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(GOOD), encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("plan_reviews", "--instance", str(path), "--json", "--time-limit", "0.1", stdout=out)
    assert caught.value.returncode == 2
    assert "No programme was found within 0.1 seconds (not proven impossible)" in str(caught.value)
    assert out.getvalue() == ""
