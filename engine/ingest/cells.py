"""What a cell may hold, checked two ways that must agree.

Each kind of cell has a vectorised check (``check``: polars expressions over a whole column of text, giving whether
each cell is valid and its normalised text) and a plain Python one (``parse``: one cell's text to its value, raising
ValueError with the reason). The importer runs the vectorised check on every cell, and the Python one only on the
cells that failed, to say why. Tests check with Hypothesis that the two accept the same text and give the same value.

Cells arrive as text with surrounding ``WHITESPACE`` removed and empty cells as None (null). Rules for every cell:

- text starting with "=" is a formula, in a CSV file as in a workbook, and is rejected: an import takes values,
  and a CSV field like ``=cmd|' /C calc'!A0`` is refused rather than stored (exports neutralise formula-like text
  anyway, but refusing it at the door means no stored value starts with "=");
- "#DIV/0!", "#N/A" and the other spreadsheet error values are rejected as such.

Numbers (``NumberCell``) are strict: digits with an optional decimal point, thousands separators only in groups of
three ("1,234,567.89" but never "1,23"; a decimal comma is not accepted, so "1,5" is an error rather than 15),
a sign before or after an optional "£" ("-£5", "£-5") or brackets for a negative ("(£1,234.00)"), and "%" after a
percentage ("45%" is 45: percentages are stored as points). No exponents, no spaces inside.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from engine.finance.years import parse_financial_year
from engine.scoring.periods import MONTH_SHAPE, PERIOD_INVALID, QUARTER_SHAPE, YEAR_SHAPE, Frequency, parse_period

# Removed from both ends of every cell: spaces, tabs, line breaks, and the invisible spaces that copying from a web
# page or a PDF brings (no-break, figure, narrow no-break, zero-width, byte-order mark).
WHITESPACE = " \t\r\n\x0b\x0c\xa0\u2007\u202f\u200b\ufeff"

FORMULA = "cells must hold values, not formulas ({formula})"
SPREADSHEET_ERROR = "the cell shows the spreadsheet error {text}: enter the value itself"
EMPTY = "the cell is empty: enter {what}"
CODE_INVALID = '"{text}" is not {what}: {rule}, like {example}'
TOO_LONG = "the text is {length:,} characters long: the limit is {limit:,}"
NOT_A_NUMBER = '"{text}" is not a number: write it like {example}'
NOT_A_WHOLE_NUMBER = '"{text}" is not a whole number: write it like {example}'
PERCENT_NOT_ALLOWED = '"{text}" has a % sign: {what} is not a percentage'
POUNDS_NOT_ALLOWED = '"{text}" has a £ sign: {what} is not an amount of money'
POUNDS_AND_PERCENT = '"{text}" has both a £ sign and a % sign: write one or the other'
NEGATIVE_NOT_ALLOWED = '"{text}" is negative: {what} must be 0 or more'
TOO_MANY_PLACES = '"{text}" has {places} decimal places: {what} has at most {limit}'
TOO_BIG = '"{text}" is too large: {what} must be under {limit}'
YEAR_INVALID = '"{text}" is not a financial year: write it like 2026/27'

SPREADSHEET_ERRORS = frozenset(
    (
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#BUSY!",
    )
)
NUMBER = (
    r"(\()?([-+])?(£)?([-+])?"  # 1 open bracket, 2 sign, 3 pound sign, 4 sign after the pound sign
    r"([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)?"  # 5 whole part, with or without thousands separators
    r"(\.[0-9]+)?(%)?(\))?"  # 6 decimal part, 7 percent sign, 8 close bracket
)
_NUMBER = re.compile(NUMBER)
_MONTH = r"^[0-9]{4}-[0-9]{1,2}$"
_QUARTER = r"^[0-9]{4}/[0-9]{2}[ \t]*[Qq][1-4]$"
_YEAR = r"^[0-9]{4}/[0-9]{2}$"


def shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def generic_problem(text: str) -> str | None:
    """The problems any cell can have: a formula or a spreadsheet error value."""
    if text.startswith("="):
        return FORMULA.format(formula=shorten(text))
    if text in SPREADSHEET_ERRORS:
        return SPREADSHEET_ERROR.format(text=text)
    return None


def generic_ok(text: pl.Expr) -> pl.Expr:
    return ~text.str.starts_with("=") & ~text.is_in(sorted(SPREADSHEET_ERRORS))


@dataclass(frozen=True)
class Checked:
    """A column checked in polars: ``ok`` is true for valid cells, ``text`` the normalised text of valid cells.
    ``stages`` are helper columns that ``ok`` and ``text`` refer to by name, computed first, stage by stage, so
    that each is computed once."""

    ok: pl.Expr
    text: pl.Expr
    stages: tuple[tuple[pl.Expr, ...], ...] = ()


class Cell(ABC):
    """A kind of cell. ``what`` names its content in messages, like "the indicator code"."""

    what: str

    @abstractmethod
    def check(self, name: str) -> Checked:
        """Vectorised, over the column ``name`` of non-empty text: valid, and normalised text. Helper columns are
        named ``<name>__<something>``."""

    @abstractmethod
    def parse(self, text: str) -> object:
        """One non-empty cell to its value; raises ValueError with the reason."""

    def values(self, normal: pl.Series) -> list[object]:
        """A column of normalised text as the row objects hold it."""
        return normal.to_list()

    def reason(self, text: str) -> str:
        """Why a cell the vectorised check refused is wrong (the same rules, run in Python)."""
        problem = generic_problem(text)
        if problem is not None:
            return problem
        try:
            self.parse(text)
        except ValueError as exc:
            return str(exc)
        return f'"{shorten(text)}" is not {self.what}'  # the checks disagree; tests make sure they never do


@dataclass(frozen=True)
class CodeCell(Cell):
    """A code of letters, digits and some punctuation, compared case-insensitively and stored in capitals."""

    what: str
    pattern: str  # ASCII only, so that upper-casing never changes what matches
    rule: str
    example: str

    def check(self, name: str) -> Checked:
        text = pl.col(name)
        return Checked(text.str.contains(f"^(?:{self.pattern})$"), text.str.to_uppercase())

    def parse(self, text: str) -> str:
        if not re.fullmatch(self.pattern, text):
            raise ValueError(
                CODE_INVALID.format(text=shorten(text), what=self.what, rule=self.rule, example=self.example)
            )
        return text.upper()


@dataclass(frozen=True)
class TextCell(Cell):
    what: str
    max_length: int

    def check(self, name: str) -> Checked:
        text = pl.col(name)
        return Checked(text.str.len_chars() <= self.max_length, text)

    def values(self, normal: pl.Series) -> list[object]:
        return normal.fill_null("").to_list()  # an empty cell is empty text

    def parse(self, text: str) -> str:
        if len(text) > self.max_length:
            raise ValueError(TOO_LONG.format(length=len(text), limit=self.max_length))
        return text


def _year_parts(name: str) -> tuple[pl.Expr, ...]:
    """The first four characters and characters 6-7 as numbers: the years of "2026/27" and "2026/27 Q1"."""
    text = pl.col(name)
    return (
        text.str.slice(0, 4).cast(pl.Int32, strict=False).alias(f"{name}__start"),
        text.str.slice(5, 2).cast(pl.Int32, strict=False).alias(f"{name}__end"),
    )


def _year_follows(name: str) -> pl.Expr:
    return ((pl.col(f"{name}__start") + 1) % 100 == pl.col(f"{name}__end")).fill_null(False)


@dataclass(frozen=True)
class PeriodCell(Cell):
    """A month, quarter or financial year, normalised to its label ("2026-4" is "2026-04")."""

    what: str = "the period"

    def check(self, name: str) -> Checked:
        text = pl.col(name)
        is_month, is_quarter, is_year = (pl.col(f"{name}__{kind}") for kind in ("month", "quarter", "year"))
        helpers = (
            text.str.contains(_MONTH).alias(f"{name}__month"),
            text.str.contains(_QUARTER).alias(f"{name}__quarter"),
            text.str.contains(_YEAR).alias(f"{name}__year"),
            *_year_parts(name),
            text.str.slice(5).cast(pl.Int32, strict=False).alias(f"{name}__month_number"),
        )
        month_ok = is_month & (pl.col(f"{name}__start") >= 1) & pl.col(f"{name}__month_number").is_between(1, 12)
        ok = month_ok.fill_null(False) | ((is_quarter | is_year) & _year_follows(name))
        label = (
            pl.when(is_quarter)
            .then(pl.concat_str(text.str.slice(0, 7), pl.lit(" Q"), text.str.slice(-1)))
            .when(is_month & (text.str.len_bytes() == 6))  # "2026-4"
            .then(pl.concat_str(text.str.slice(0, 5), pl.lit("0"), text.str.slice(5)))
            .otherwise(text)
        )
        return Checked(ok, label, (helpers,))

    def parse(self, text: str) -> str:
        if not (MONTH_SHAPE.fullmatch(text) or QUARTER_SHAPE.fullmatch(text) or YEAR_SHAPE.fullmatch(text)):
            raise ValueError(PERIOD_INVALID.format(label=shorten(text)))
        return parse_period(text).label


def frequency_expr(label: pl.Expr) -> pl.Expr:
    """The frequency of a normalised period label, by its shape."""
    return (
        pl.when(label.str.contains("Q"))
        .then(pl.lit(Frequency.QUARTERLY.value))
        .when(label.str.contains("-"))
        .then(pl.lit(Frequency.MONTHLY.value))
        .otherwise(pl.lit(Frequency.ANNUAL.value))
    )


@dataclass(frozen=True)
class FinancialYearCell(Cell):
    what: str = "the financial year"

    def check(self, name: str) -> Checked:
        text = pl.col(name)
        helpers = (text.str.contains(_YEAR).alias(f"{name}__year"), *_year_parts(name))
        return Checked(pl.col(f"{name}__year") & _year_follows(name), text, (helpers,))

    def parse(self, text: str) -> str:
        if not YEAR_SHAPE.fullmatch(text):
            raise ValueError(YEAR_INVALID.format(text=shorten(text)))
        return parse_financial_year(text).label


@dataclass(frozen=True)
class NumberCell(Cell):
    """A number: ``places`` decimal places at most (``pad_places`` writes them all, as for pence), under
    10^``whole_digits``. ``places=0`` makes it a whole number (an int)."""

    what: str
    example: str
    places: int
    whole_digits: int
    negative: bool = True
    percent: bool = False
    pounds: bool = False
    pad_places: bool = False

    @property
    def shape(self) -> str:
        """The forms the number may take, as one regular expression (the Python check spells out the same rules
        group by group, to say which one is broken)."""
        number = r"(?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|\.[0-9]+)"
        forms = [f"[-+]?{number}"]
        bracketed = [number]
        if self.percent:
            forms.append(f"[-+]?{number}%")
            bracketed.append(f"{number}%")
        if self.pounds:
            forms += [f"[-+]?£{number}", f"£[-+]{number}"]
            bracketed.append(f"£{number}")
        forms.append(r"\((?:" + "|".join(bracketed) + r")\)")
        return "^(?:" + "|".join(forms) + ")$"

    def check(self, name: str) -> Checked:
        text = pl.col(name)
        plain, digits, point = (pl.col(f"{name}__{part}") for part in ("plain", "digits", "point"))
        negative, zero = pl.col(f"{name}__negative"), pl.col(f"{name}__zero")
        first = (
            text.str.contains(self.shape).alias(f"{name}__shape"),
            # Once the shape is right, everything but digits and the point is at the ends, or is a comma.
            text.str.strip_chars("()-+£%").str.replace_all(",", "", literal=True).alias(f"{name}__plain"),
            (text.str.starts_with("-") | text.str.starts_with("(") | text.str.starts_with("£-")).alias(
                f"{name}__negative"
            ),
        )
        second = (
            plain.str.strip_chars_start("0").alias(f"{name}__digits"),  # "0012.50" -> "12.50", "0.5" -> ".5"
            plain.str.find(".", literal=True).alias(f"{name}__point"),
            (~plain.str.contains("[1-9]")).alias(f"{name}__zero"),
        )
        places = (plain.str.len_bytes() - point - 1).fill_null(0)
        whole_digits = pl.coalesce(digits.str.find(".", literal=True), digits.str.len_bytes())
        ok = (
            pl.col(f"{name}__shape")
            & (whole_digits <= self.whole_digits)
            & (places <= self.places)
            & (pl.lit(True) if self.negative else ~negative | zero)
        )
        starts_with_point = digits.str.starts_with(".") | (digits == "")
        magnitude = pl.when(starts_with_point).then(pl.concat_str(pl.lit("0"), digits)).otherwise(digits)
        if self.pad_places and self.places:
            # Pence: "5" -> "5.00", "5.5" -> "5.50". The shape allows no more places than self.places here.
            padding = pl.lit("")
            for written in range(self.places):
                padding = pl.when(places == written).then(pl.lit("0" * (self.places - written))).otherwise(padding)
            padding = pl.when(point.is_null()).then(pl.lit("." + "0" * self.places)).otherwise(padding)
            magnitude = pl.concat_str(magnitude, padding)
        sign = pl.when(negative & ~zero).then(pl.lit("-")).otherwise(pl.lit(""))
        return Checked(ok.fill_null(False), pl.concat_str(sign, magnitude), (first, second))

    def values(self, normal: pl.Series) -> list[object]:
        if self.places == 0:
            return normal.cast(pl.Int64).to_list()
        if normal.null_count():
            return [None if text is None else Decimal(text) for text in normal.to_list()]
        return list(map(Decimal, normal.to_list()))

    def parse(self, text: str) -> Decimal | int:
        match = _NUMBER.fullmatch(text)
        example = self.example
        if match is None:
            raise ValueError(
                (NOT_A_WHOLE_NUMBER if self.places == 0 else NOT_A_NUMBER).format(text=shorten(text), example=example)
            )
        opened, sign, pound, late_sign, whole, fraction, percent, closed = match.groups()
        if (
            (whole is None and fraction is None)
            or (opened is None) != (closed is None)
            or (sign is not None and late_sign is not None)
            or (opened is not None and (sign is not None or late_sign is not None))
        ):
            raise ValueError(NOT_A_NUMBER.format(text=shorten(text), example=example))
        if pound is not None and percent is not None:
            raise ValueError(POUNDS_AND_PERCENT.format(text=shorten(text)))
        if percent is not None and not self.percent:
            raise ValueError(PERCENT_NOT_ALLOWED.format(text=shorten(text), what=self.what))
        if pound is not None and not self.pounds:
            raise ValueError(POUNDS_NOT_ALLOWED.format(text=shorten(text), what=self.what))
        digits = (whole or "").replace(",", "").lstrip("0")
        places = len(fraction) - 1 if fraction else 0
        if places > self.places:
            if self.places == 0:
                raise ValueError(NOT_A_WHOLE_NUMBER.format(text=shorten(text), example=example))
            raise ValueError(
                TOO_MANY_PLACES.format(text=shorten(text), places=places, what=self.what, limit=self.places)
            )
        if len(digits) > self.whole_digits:
            raise ValueError(TOO_BIG.format(text=shorten(text), what=self.what, limit=f"{10**self.whole_digits:,}"))
        is_zero = digits == "" and not (fraction or "").strip(".0")
        negative = "-" in (sign, late_sign) or opened is not None
        if negative and not is_zero and not self.negative:
            raise ValueError(NEGATIVE_NOT_ALLOWED.format(text=shorten(text), what=self.what))
        if self.pad_places and self.places:
            decimals = "." + (fraction or ".")[1:].ljust(self.places, "0")
        else:
            decimals = fraction or ""
        normalised = ("-" if negative and not is_zero else "") + (digits or "0") + decimals
        return int(normalised) if self.places == 0 else Decimal(normalised)
