"""Checking a table of text against an import's columns, all rows at once.

An import has a ``Schema``: its columns (``FieldSpec``: the header, the kind of cell, whether a value is required
and whether the column may be left out), and the columns that make a row's key, which no two rows may share.

Headers match whatever their case and spacing ("indicator  CODE" is "Indicator code"). A required column that is
missing, a column that is not one of the import's, a column named twice, and values in a column without a header
are reported against row 1, and then no row is checked. Blank rows (every cell empty or spaces) are skipped
wherever they are. Every cell of every other row is checked, and every problem reported: nothing is imported from
a file with any problem, so the user needs the whole list at once.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar

import polars as pl

from engine.ingest.cells import EMPTY, WHITESPACE, Cell, generic_ok
from engine.ingest.errors import NO_HEADER, NO_ROWS, TOO_MANY_ROWS, IngestError
from engine.ingest.limits import Limits
from engine.ingest.problems import RowProblem
from engine.ingest.readers import ROW, RawTable, column_letter

UNEXPECTED_HEADER = "is not a column of this file: the columns are {expected}"
MISSING_HEADER = "the header row has no {header} column: the columns are {expected}"
DUPLICATE_HEADER = "is the header of columns {first} and {second}: keep one of them"
HEADERLESS_VALUES = "column {letter} has no header, but rows below hold values in it: give it a header or clear it"
DUPLICATE_ROW = "{key} is also in row {first}: give each {what} once"

RowT = TypeVar("RowT")


class ImportKind(StrEnum):
    MEASUREMENTS = "measurements"
    BUDGETS = "budgets"


@dataclass(frozen=True)
class FieldSpec:
    name: str  # the attribute of the row it fills
    header: str  # as the template writes it
    cell: Cell
    required: bool = True  # every row needs a value
    column_optional: bool = False  # the column may be left out of the file
    example: str = ""
    guidance: str = ""
    empty_hint: str = ""  # what to enter, for the message about an empty cell

    @property
    def ok(self) -> str:
        return f"{self.name}__ok"

    @property
    def normal(self) -> str:
        return f"{self.name}__normal"


@dataclass(frozen=True)
class Schema:
    kind: ImportKind
    sheet_title: str
    row_noun: str  # what one row is: "measurement"
    fields: tuple[FieldSpec, ...]
    key: tuple[str, ...]
    key_noun: str  # what the key identifies, for duplicate rows: "indicator and period"

    def spec(self, name: str) -> FieldSpec:
        return next(spec for spec in self.fields if spec.name == name)

    @property
    def expected_headers(self) -> str:
        return join_words([spec.header for spec in self.fields])


@dataclass(frozen=True)
class ParseResult(Generic[RowT]):
    """What an import read: every row, normalised and in file order, when no row has a problem; otherwise no rows
    and every problem, in row order (row 1 is the header)."""

    rows: tuple[RowT, ...]
    errors: tuple[RowProblem, ...]
    format: str  # "csv" or "xlsx"

    @property
    def ok(self) -> bool:
        return not self.errors


def join_words(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def header_key(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass
class CheckedTable:
    """A table after its cells are checked: ``frame`` holds ``__row`` and, per column of the schema, its text
    (stripped, None when empty), ``<name>__ok`` and ``<name>__normal``; ``headers`` the header of each column as the
    file writes it."""

    frame: pl.DataFrame
    schema: Schema
    headers: dict[str, str]
    positions: dict[str, int]
    errors: list[RowProblem] = field(default_factory=list)

    def header(self, name: str) -> str:
        return self.headers[name]

    def add(self, row_number: int, name: str | None, reason: str) -> None:
        self.errors.append(RowProblem(row_number, self.headers[name] if name else None, reason))

    def sorted_errors(self) -> tuple[RowProblem, ...]:
        by_header = {header: self.positions[name] for name, header in self.headers.items()}
        return tuple(
            sorted(
                set(self.errors),
                key=lambda error: (error.row or 0, by_header.get(error.column or "", -1), error.message),
            )
        )

    def valid(self, *names: str) -> pl.Expr:
        return pl.all_horizontal([pl.col(self.schema.spec(name).ok) for name in names])

    def report(self, mask: pl.Expr, name: str, reason: Callable[[dict[str, object]], str]) -> None:
        """An error on column ``name`` for each row where ``mask`` holds, with a reason made from the row."""
        for row in self.frame.filter(mask).iter_rows(named=True):
            self.add(int(row[ROW]), name, reason(row))

    def report_duplicates(self) -> None:
        key = [self.schema.spec(name).normal for name in self.schema.key]
        keyed = self.frame.filter(self.valid(*self.schema.key)).select(ROW, *key)
        twice = pl.struct(key).is_duplicated()
        if not keyed.select(twice.any()).item():
            return
        later = (
            keyed.filter(twice)
            .with_columns(pl.col(ROW).min().over(key).alias("__first"))
            .filter(pl.col(ROW) != pl.col("__first"))
        )
        for row in later.iter_rows(named=True):
            values = ", ".join(str(row[name]) for name in key)
            self.add(
                int(row[ROW]),
                self.schema.key[0],
                DUPLICATE_ROW.format(key=values, first=row["__first"], what=self.schema.key_noun),
            )


def _header_errors(raw: RawTable, schema: Schema) -> tuple[dict[str, int], list[RowProblem]]:
    by_key = {header_key(spec.header): spec for spec in schema.fields}
    found: dict[str, int] = {}
    errors: list[RowProblem] = []
    expected = schema.expected_headers
    for index, header in enumerate(raw.headers):
        text = (header or "").strip(WHITESPACE)
        if not text:
            column = raw.column(index)
            if (
                column in raw.data.columns
                and raw.data.select(pl.col(column).str.strip_chars(WHITESPACE).ne("").any()).item()
            ):
                errors.append(RowProblem(1, None, HEADERLESS_VALUES.format(letter=column_letter(index))))
            continue
        spec = by_key.get(header_key(text))
        if spec is None:
            errors.append(RowProblem(1, text, UNEXPECTED_HEADER.format(expected=expected)))
        elif spec.name in found:
            first = column_letter(found[spec.name])
            errors.append(RowProblem(1, text, DUPLICATE_HEADER.format(first=first, second=column_letter(index))))
        else:
            found[spec.name] = index
    for spec in schema.fields:
        if spec.name not in found and not spec.column_optional:
            errors.append(RowProblem(1, spec.header, MISSING_HEADER.format(header=spec.header, expected=expected)))
    return found, errors


def check_cells(raw: RawTable, schema: Schema, limits: Limits) -> CheckedTable | tuple[RowProblem, ...]:
    """Check the headers, then every cell; header problems come back alone, as a tuple of errors."""
    if not any((header or "").strip(WHITESPACE) for header in raw.headers):
        raise IngestError(NO_HEADER.format(expected=schema.expected_headers))
    found, header_errors = _header_errors(raw, schema)
    if header_errors:
        return tuple(header_errors)
    columns: list[pl.Expr] = [pl.col(ROW)]
    for spec in schema.fields:
        if spec.name in found:
            text = pl.col(raw.column(found[spec.name])).str.strip_chars(WHITESPACE)
            columns.append(text.replace("", None).alias(spec.name))
        else:
            columns.append(pl.lit(None, dtype=pl.String).alias(spec.name))
    names = [spec.name for spec in schema.fields]
    lazy = raw.data.lazy().select(columns).filter(pl.any_horizontal([pl.col(name).is_not_null() for name in names]))
    checked = {spec.name: spec.cell.check(spec.name) for spec in schema.fields}
    for level in range(max(len(check.stages) for check in checked.values())):
        lazy = lazy.with_columns(
            [helper for check in checked.values() if level < len(check.stages) for helper in check.stages[level]]
        )
    results: list[pl.Expr] = []
    for spec in schema.fields:
        text = pl.col(spec.name)
        check = checked[spec.name]
        ok = pl.when(text.is_null()).then(pl.lit(not spec.required)).otherwise(generic_ok(text) & check.ok)
        results += [ok.fill_null(False).alias(spec.ok), check.text.alias(spec.normal)]
    frame = lazy.with_columns(results).collect()
    if frame.height > limits.max_rows:
        raise IngestError(TOO_MANY_ROWS.format(limit=f"{limits.max_rows:,}"))
    if frame.height == 0:
        raise IngestError(NO_ROWS.format(what=schema.row_noun))
    headers = {
        spec.name: (raw.headers[found[spec.name]] or "").strip(WHITESPACE) if spec.name in found else spec.header
        for spec in schema.fields
    }
    positions = {spec.name: found.get(spec.name, len(raw.headers)) for spec in schema.fields}
    checked_table = CheckedTable(frame=frame, schema=schema, headers=headers, positions=positions)
    if not frame.select(pl.all_horizontal([pl.col(spec.ok) for spec in schema.fields]).all()).item():
        _explain(checked_table)
    return checked_table


def _explain(table: CheckedTable) -> None:
    """Say why each refused cell is wrong: plain Python, on the refused cells only."""
    for spec in table.schema.fields:
        bad = table.frame.filter(~pl.col(spec.ok)).select(ROW, spec.name)
        for row_number, text in bad.iter_rows():
            if text is None:
                table.add(row_number, spec.name, EMPTY.format(what=spec.empty_hint or spec.cell.what))
            else:
                table.add(row_number, spec.name, spec.cell.reason(text))


def column_values(frame: pl.DataFrame, spec: FieldSpec) -> list[object]:
    """A checked column's values as Python objects (str, Decimal or int; None for an empty optional cell)."""
    return spec.cell.values(frame.get_column(spec.normal))


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while many small objects are made. Row objects hold no reference
    cycles, so the collector finds nothing in them, yet making 100,000 of them (and their Decimals) sets it off
    hundreds of times, each time walking every object alive: it doubles the time. Plain reference counting still
    frees everything as usual. Leaves the collector as it found it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_rows(table: CheckedTable, make: Callable[..., RowT]) -> tuple[RowT, ...]:
    """One row object per row, from the normalised columns in the schema's order, then the row number."""
    with no_cyclic_gc():
        columns: list[Iterable[object]] = [column_values(table.frame, spec) for spec in table.schema.fields]
        columns.append(table.frame.get_column(ROW).to_list())
        return tuple(map(make, *columns))
