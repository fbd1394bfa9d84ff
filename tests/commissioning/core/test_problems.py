"""The one row-problem type: what a bulk action raises and an importer lists."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from commissioning.core.problems import RowProblem, RowsInvalid
from engine.ingest.problems import RowProblem as EngineRowProblem


def test_core_and_the_engine_share_one_type():
    assert RowProblem is EngineRowProblem


def test_a_problem_reads_as_the_import_pages_say_it():
    assert str(RowProblem(3, "Period", "is not a quarter")) == "Row 3, column Period: is not a quarter"
    assert str(RowProblem(3, None, "is blank")) == "Row 3: is blank"
    assert str(RowProblem(None, None, "The file is empty")) == "The file is empty"


def test_rows_invalid_is_a_validation_error_with_every_problem_in_order():
    problems = [RowProblem(4, "period", "Give a quarter"), RowProblem(None, "value", "50% is not a number")]
    invalid = RowsInvalid(iter(problems))
    assert isinstance(invalid, ValidationError)
    assert invalid.problems == tuple(problems)
    assert invalid.messages == ["Row 4: Give a quarter", "50% is not a number"]


def test_with_columns_names_each_field_by_its_header():
    invalid = RowsInvalid([RowProblem(2, "net_budget", "is over"), RowProblem(3, None, "is blank")])
    assert invalid.with_columns({"net_budget": "Net budget"}.__getitem__).problems == (
        RowProblem(2, "Net budget", "is over"),
        RowProblem(3, None, "is blank"),
    )
