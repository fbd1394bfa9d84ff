"""Problems with rows: the one type every bulk action raises and every importer shows.

``RowProblem`` (row number, column, message) is the engine's (``engine.ingest.problems``), so a file the engine
reads and a rule an action checks report the same thing; this module is core's bridge to it. A bulk action that
cannot save some of its rows raises ``RowsInvalid``, a ``ValidationError`` carrying every ``RowProblem`` in order,
and saves nothing. The action names the row as its input gives it (``row_number``: the spreadsheet's row, the header
being row 1; None for a value typed into a page) and the column as its input's field; an importer puts the file's
header in its place, and a page maps the field onto its form.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError

from engine.ingest.problems import RowProblem

__all__ = ["RowProblem", "RowsInvalid"]

ROW_MESSAGE = "Row {row}: {message}"


class RowsInvalid(ValidationError):  # noqa: N818 - Django's naming: it is a ValidationError
    """Some rows cannot be saved, so none has been. ``problems`` says which, where and why; as a ValidationError its
    messages are "Row 3: <message>" (or the message alone for a row without a number)."""

    def __init__(self, problems: Iterable[RowProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__(
            [ROW_MESSAGE.format(row=p.row, message=p.message) if p.row else p.message for p in self.problems]
        )

    def with_columns(self, header: Callable[[str], str]) -> RowsInvalid:
        """The same problems with each field named by ``header(field)``: the column of a file, say."""
        return RowsInvalid(
            RowProblem(problem.row, None if problem.column is None else header(problem.column), problem.message)
            for problem in self.problems
        )
