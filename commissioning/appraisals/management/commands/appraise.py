"""manage.py appraise FILE: appraise a shortlist given as JSON (FILE a path, or - for standard input).

A thin wrapper: the parsing, checks, arithmetic and report are ``engine.finance.appraise_json``. Anything wrong
with the input exits with code 2 and one message on standard error saying what.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commissioning.appraisals.calculations import AppraisalRequestError, dumps, parse_request, run_request

USAGE_ERROR = 2
FILE_NOT_FOUND = "no such file: {path}"
FILE_UNREADABLE = "cannot read {path}: {reason}"
NOT_UTF8 = "{path} is not UTF-8 text: save it as UTF-8 JSON"


class Command(BaseCommand):
    help = (
        "Appraise a shortlist of options to Green Book standard. FILE (or - for standard input) holds one JSON "
        'object: {"base_year": 2026, "options": [{"name": ..., "kind": "bau"|"do_minimum"|"option", '
        '"costs": [year 0, year 1, ...], "benefits": [...], "optimism_bias": 0.0}], "simulate": false}. '
        "Prints PV of costs and benefits, NPSV, BCR and NPSV against business as usual per option, and the "
        "preferred option; with simulate, the P10/P50/P90 NPSV and the chance of beating business as usual."
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="the JSON request, or - to read standard input")

    def handle(self, *args: Any, **options: Any) -> None:
        text = self._read(options["file"], options.get("stdin") or sys.stdin)
        try:
            report = run_request(parse_request(text))
        except AppraisalRequestError as exc:
            raise CommandError(str(exc), returncode=USAGE_ERROR) from exc
        self.stdout.write(dumps(report))

    def _read(self, path: str, stdin: Any) -> str:
        if path == "-":
            try:
                return str(stdin.read())
            except UnicodeDecodeError as exc:
                raise CommandError(NOT_UTF8.format(path="standard input"), returncode=USAGE_ERROR) from exc
        try:
            with open(path, encoding="utf-8") as handle:
                return handle.read()
        except FileNotFoundError as exc:
            raise CommandError(FILE_NOT_FOUND.format(path=path), returncode=USAGE_ERROR) from exc
        except UnicodeDecodeError as exc:
            raise CommandError(NOT_UTF8.format(path=path), returncode=USAGE_ERROR) from exc
        except OSError as exc:
            raise CommandError(
                FILE_UNREADABLE.format(path=path, reason=exc.strerror or exc), returncode=USAGE_ERROR
            ) from exc
