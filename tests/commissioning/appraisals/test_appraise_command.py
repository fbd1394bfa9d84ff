"""manage.py appraise FILE: JSON in, JSON out; anything wrong exits 2 with one message on standard error."""

import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parents[3]

# In-house costs 1,000 a year: PV 2,899.69 over three years (factors 1, 1/1.035, 1/1.035^2).
# Outsource: (800 + 600 x 1.89969428) x 1.1 = 2,133.80 of costs; 100 x 1.89969428 = 189.97 of benefits.
GOOD = {
    "base_year": 2026,
    "options": [
        {"name": "In-house", "kind": "bau", "costs": [1000, 1000, 1000], "benefits": [0, 0, 0]},
        {
            "name": "Outsource",
            "kind": "option",
            "costs": [800, 600, 600],
            "benefits": [0, 100, 100],
            "optimism_bias": 0.1,
        },
    ],
    "simulate": False,
}
EXPECTED = {
    "options": [
        {
            "name": "In-house",
            "pv_costs": Decimal("2899.69"),
            "pv_benefits": Decimal("0.00"),
            "npsv": Decimal("-2899.69"),
            "bcr": Decimal("0.0000"),
            "npsv_vs_bau": Decimal("0.00"),
        },
        {
            "name": "Outsource",
            "pv_costs": Decimal("2133.80"),
            "pv_benefits": Decimal("189.97"),
            "npsv": Decimal("-1943.83"),
            "bcr": Decimal("0.0890"),
            "npsv_vs_bau": Decimal("955.86"),
        },
    ],
    "preferred": "Outsource",
}


def run(*args, stdin=None):
    out = io.StringIO()
    call_command("appraise", *args, stdout=out, **({"stdin": io.StringIO(stdin)} if stdin is not None else {}))
    return out.getvalue()


def test_appraises_a_file(tmp_path):
    path = tmp_path / "shortlist.json"
    path.write_text(json.dumps(GOOD), encoding="utf-8")
    text = run(str(path))
    assert '"pv_costs": 2133.80,' in text  # two decimal places, written as a JSON number
    assert json.loads(text, parse_float=Decimal) == EXPECTED


def test_appraises_standard_input():
    assert json.loads(run("-", stdin=json.dumps(GOOD)), parse_float=Decimal) == EXPECTED


def test_simulates_when_asked():
    ranged = json.loads(json.dumps(GOOD))
    ranged["simulate"] = True
    ranged["options"][1]["costs_range"] = [0.9, 1, 1.4]
    report = json.loads(run("-", stdin=json.dumps(ranged)), parse_float=Decimal)
    in_house, outsource = report["options"]
    assert in_house["probability_beats_bau"] is None
    assert outsource["p10"] < outsource["p50"] < outsource["p90"]
    assert outsource["probability_beats_bau"] == Decimal("1.0000")
    assert report["simulation"] == {"draws": 10000, "seed": 2026}
    assert run("-", stdin=json.dumps(ranged)) == run("-", stdin=json.dumps(ranged))  # seeded: repeatable


def without_bau():
    data = json.loads(json.dumps(GOOD))
    data["options"][0]["kind"] = "do_minimum"
    return json.dumps(data)


def changed(index, field, value):
    data = json.loads(json.dumps(GOOD))
    data["options"][index][field] = value
    return json.dumps(data)


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        (without_bau(), 'no option has kind "bau": the shortlist must include business as usual'),
        (
            changed(1, "benefits", [0, 100]),
            "options[1].costs has 3 years but options[1].benefits has 2: costs and benefits must cover the same years",
        ),
        (changed(1, "costs", []), "options[1].costs is empty: give at least one year (year 0)"),
        (changed(1, "benefits", [0, 100, "abc"]), 'options[1].benefits[2] is "abc": amounts must be numbers'),
        ('{"base_year": 2026, "options": [', "the input is not valid JSON: Expecting value at line 1 column 33"),
    ],
)
def test_bad_input_exits_2_saying_what_is_wrong(stdin, message):
    with pytest.raises(CommandError) as caught:
        run("-", stdin=stdin)
    assert caught.value.returncode == 2
    assert str(caught.value) == message


def test_a_missing_file_exits_2(tmp_path):
    missing = tmp_path / "nowhere.json"
    with pytest.raises(CommandError) as caught:
        run(str(missing))
    assert caught.value.returncode == 2
    assert str(caught.value) == f"no such file: {missing}"


def test_a_file_that_is_not_utf8_exits_2(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"name": "Caf\u00e9"}'.encode("latin-1"))
    with pytest.raises(CommandError, match="is not UTF-8 text") as caught:
        run(str(path))
    assert caught.value.returncode == 2


def manage(*args, stdin):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", "appraise", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )


def test_the_real_command_line():
    good = manage("-", stdin=json.dumps(GOOD))
    assert (good.returncode, good.stderr) == (0, "")
    assert json.loads(good.stdout, parse_float=Decimal) == EXPECTED
    bad = manage("-", stdin=changed(1, "benefits", [0, 100, "abc"]))
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert 'options[1].benefits[2] is "abc": amounts must be numbers' in bad.stderr
