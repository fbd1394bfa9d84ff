"""A problem with one row of a table: the one shape every importer shows and every bulk action reports.

The engine reads a file into its rows or into these; the apps' bulk actions raise them (wrapped in
``commissioning.core.problems.RowsInvalid``) for rules the file alone cannot tell; and the import pages list them as
they are, without turning them into text and back.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class RowProblem:
    """``row`` as the spreadsheet shows it (the header is row 1), or None for a problem with the whole input;
    ``column`` the header as written in the file (a bulk action names the field of its input), or None for a
    problem with the whole row; and ``message``, why."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return f"{self.column}: {self.message}" if self.column else self.message
        if self.column is None:
            return f"Row {self.row}: {self.message}"
        return f"Row {self.row}, column {self.column}: {self.message}"
