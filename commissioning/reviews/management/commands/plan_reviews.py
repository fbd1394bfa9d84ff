"""manage.py plan_reviews [--instance FILE] [--json] [--time-limit SECONDS]: the optimised programme of reviews.

With ``--instance FILE`` it solves the instance in FILE (the JSON contract of ``engine.optimisation.instance``);
without, the council's current reviews and services (``commissioning.reviews.planning.council_instance``). With
``--json`` it prints exactly the contract's keys: status, objective, bound, gap, greedy_objective, seconds,
schedule [{id, start, finish}] and capacity [{skill, quarter, available, used}]. Exit code 0 when a plan is found;
2 with a message on standard error naming the cause when the instance is malformed (which review, which field) or
infeasible (which deadline, fixed start, mandatory review, quarter's capacity, precedence or target cannot be met).
An infeasible instance still prints its JSON (status "infeasible") with ``--json``; when no plan is found within the
time limit and infeasibility is not proven, nothing is printed but the message (exit code 2): the contract has no
status for it.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commissioning.reviews.planning import (
    DEFAULT_TIME_LIMIT,
    INFEASIBLE,
    Instance,
    InstanceError,
    Result,
    council_instance,
    parse_instance,
    solve,
)

USAGE_ERROR = 2
FILE_NOT_FOUND = "no such file: {path}"
FILE_UNREADABLE = "cannot read {path}: {reason}"
NOT_JSON = "{path} is not JSON: {reason}"
MALFORMED = "{path}: {reason}"
INFEASIBLE_MESSAGE = "No programme is possible. {reasons}"
NO_PLAN_IN_TIME = "No programme was found within {seconds:g} seconds (not proven impossible): allow more time."
BAD_TIME_LIMIT = "--time-limit must be a number of seconds above 0, not {value}"


class Command(BaseCommand):
    help = (
        "Plan the programme of commissioning reviews: which reviews run in which quarter, within commissioning "
        "capacity per skill, deadlines, fixed starts, mandatory reviews, precedences and a savings target, solved "
        "as a mixed-integer programme (HiGHS) beside the plain ranking. --instance FILE solves a JSON instance; "
        "without it, the council's current reviews and services."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--instance", metavar="FILE", help="a JSON instance; default: the council's current data")
        parser.add_argument("--json", action="store_true", help="print the result as JSON (the exact contract)")
        parser.add_argument(
            "--time-limit",
            type=float,
            default=DEFAULT_TIME_LIMIT,
            metavar="SECONDS",
            help=f"stop the solver after this many seconds (default {DEFAULT_TIME_LIMIT:g})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        limit = options["time_limit"]
        if not limit > 0:
            raise CommandError(BAD_TIME_LIMIT.format(value=limit), returncode=USAGE_ERROR)
        path = options.get("instance")
        instance = self._load(path) if path else council_instance()
        result = solve(instance, time_limit=limit)
        if not result.found_plan and result.status != INFEASIBLE:  # no plan in time, and not proven impossible
            raise CommandError(NO_PLAN_IN_TIME.format(seconds=limit), returncode=USAGE_ERROR)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), indent=2))
        else:
            self.stdout.write(_summary(result))
        if result.status == INFEASIBLE:
            raise CommandError(INFEASIBLE_MESSAGE.format(reasons=" ".join(result.reasons)), returncode=USAGE_ERROR)

    def _load(self, path: str) -> Instance:
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        except FileNotFoundError as exc:
            raise CommandError(FILE_NOT_FOUND.format(path=path), returncode=USAGE_ERROR) from exc
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise CommandError(FILE_UNREADABLE.format(path=path, reason=reason), returncode=USAGE_ERROR) from exc
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(NOT_JSON.format(path=path, reason=exc), returncode=USAGE_ERROR) from exc
        try:
            return parse_instance(data)
        except InstanceError as exc:
            raise CommandError(MALFORMED.format(path=path, reason=exc), returncode=USAGE_ERROR) from exc


def _summary(result: Result) -> str:
    lines = [f"Status: {result.status} ({result.seconds:.2f} s)"]
    if result.objective is not None:
        lines.append(
            f"Objective: {result.objective:,.2f} (proven bound {result.bound or 0:,.2f}, gap {result.gap or 0:.4%})"
        )
    if result.greedy_objective is not None:
        lines.append(f"Plain ranking: {result.greedy_objective:,.2f}")
    for placement in result.schedule:
        lines.append(f"  {placement.id}: quarters {placement.start}-{placement.finish}")
    return "\n".join(lines)
