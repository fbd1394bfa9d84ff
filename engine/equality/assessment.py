"""The summary of an equality impact assessment, and what stops it being signed off.

An assessment rates the impact (positive, neutral or negative) of a proposal on each of the nine protected
characteristics of the Equality Act 2010, plus socio-economic disadvantage and carers, which councils commonly add.
A negative impact is *addressed* when the assessment records how it is mitigated, or, failing that, why going ahead
is justified (a proportionate means of achieving a legitimate aim). An assessment is signed off only when every
characteristic is rated, every negative impact is addressed and the overall conclusion is written; a decision that
adopts an option whose assessment leaves a negative impact unaddressed cannot be published.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

# The order every page and document lists them in.
CHARACTERISTICS: tuple[tuple[str, str], ...] = (
    ("age", "Age"),
    ("disability", "Disability"),
    ("gender_reassignment", "Gender reassignment"),
    ("marriage_civil_partnership", "Marriage and civil partnership"),
    ("pregnancy_maternity", "Pregnancy and maternity"),
    ("race", "Race"),
    ("religion_belief", "Religion or belief"),
    ("sex", "Sex"),
    ("sexual_orientation", "Sexual orientation"),
    ("socio_economic", "Socio-economic disadvantage"),
    ("carers", "Carers"),
)
KEYS: tuple[str, ...] = tuple(key for key, _label in CHARACTERISTICS)
LABELS: dict[str, str] = dict(CHARACTERISTICS)

POSITIVE = "positive"
NEUTRAL = "neutral"
NEGATIVE = "negative"
NOT_ASSESSED = ""
IMPACTS: tuple[str, ...] = (POSITIVE, NEUTRAL, NEGATIVE)

# Why an assessment cannot be signed off (the app words each; ``Problem.characteristics`` names those at fault).
NOT_RATED = "not_rated"
UNADDRESSED = "unaddressed"
NO_CONCLUSION = "no_conclusion"


@dataclass(frozen=True)
class Impact:
    """The assessment of one characteristic: the impact ("" until rated) and what is recorded against it."""

    characteristic: str
    impact: str = NOT_ASSESSED
    mitigation: str = ""
    justification: str = ""

    def __post_init__(self) -> None:
        if self.characteristic not in LABELS:
            raise ValueError(f"unknown characteristic {self.characteristic!r}")
        if self.impact not in (*IMPACTS, NOT_ASSESSED):
            raise ValueError(f"unknown impact {self.impact!r}")

    @property
    def mitigated(self) -> bool:
        return self.impact == NEGATIVE and bool(self.mitigation.strip())

    @property
    def justified(self) -> bool:
        """Negative, not mitigated, but going ahead is justified."""
        return self.impact == NEGATIVE and not self.mitigated and bool(self.justification.strip())

    @property
    def addressed(self) -> bool:
        return self.impact != NEGATIVE or self.mitigated or self.justified


@dataclass(frozen=True)
class Summary:
    """The characteristics of an assessment by what it found, each tuple in ``CHARACTERISTICS`` order.

    ``negative`` is exactly ``mitigated`` + ``justified`` + ``unaddressed`` (disjoint)."""

    positive: tuple[str, ...]
    neutral: tuple[str, ...]
    negative: tuple[str, ...]
    mitigated: tuple[str, ...]
    justified: tuple[str, ...]
    unaddressed: tuple[str, ...]
    not_rated: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.not_rated

    @property
    def has_negative(self) -> bool:
        return bool(self.negative)

    @property
    def blocks_decision(self) -> bool:
        """A decision adopting the option assessed cannot be published while this holds."""
        return bool(self.unaddressed)


@dataclass(frozen=True)
class Problem:
    code: str
    characteristics: tuple[str, ...] = ()


def summarise(impacts: Sequence[Impact]) -> Summary:
    """Sort an assessment's characteristics by what it found. A characteristic missing from ``impacts`` is not
    rated; one given twice is refused (ValueError)."""
    by_key: dict[str, Impact] = {}
    for impact in impacts:
        if impact.characteristic in by_key:
            raise ValueError(f"{impact.characteristic!r} assessed twice")
        by_key[impact.characteristic] = impact
    rows = [by_key.get(key, Impact(characteristic=key)) for key in KEYS]

    def keys(keep: Callable[[Impact], bool]) -> tuple[str, ...]:
        return tuple(row.characteristic for row in rows if keep(row))

    return Summary(
        positive=keys(lambda row: row.impact == POSITIVE),
        neutral=keys(lambda row: row.impact == NEUTRAL),
        negative=keys(lambda row: row.impact == NEGATIVE),
        mitigated=keys(lambda row: row.mitigated),
        justified=keys(lambda row: row.justified),
        unaddressed=keys(lambda row: not row.addressed),
        not_rated=keys(lambda row: row.impact == NOT_ASSESSED),
    )


def sign_off_problems(summary: Summary, *, conclusion: str) -> tuple[Problem, ...]:
    """What stops the assessment being signed off, in the order a reader would put it right; none when it may be."""
    problems: list[Problem] = []
    if summary.not_rated:
        problems.append(Problem(NOT_RATED, summary.not_rated))
    if summary.unaddressed:
        problems.append(Problem(UNADDRESSED, summary.unaddressed))
    if not conclusion.strip():
        problems.append(Problem(NO_CONCLUSION))
    return tuple(problems)


def labels(keys: Sequence[str]) -> str:
    """ "Age, Disability and Carers": the characteristics named in a sentence."""
    names = [LABELS[key] for key in keys]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
