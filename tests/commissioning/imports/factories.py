"""Factories for the imports tests: import jobs, and the indicators a measurements file is checked against."""

from __future__ import annotations

import hashlib

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from commissioning.core.permissions import Role
from commissioning.imports.actions import WORKER_LOST
from commissioning.imports.models import ImportJob, ImportKind, ImportStage, ImportStatus
from commissioning.outcomes.models import Frequency, Indicator, Polarity, Unit
from tests.factories import UserFactory

BUDGET_HEADER = "Service reference,Financial year,Gross budget,Net budget,Staff FTE,Annual demand"
MEASUREMENT_HEADER = "Indicator code,Period,Value,Note"


def csv_file(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


class ImportJobFactory(DjangoModelFactory):
    """A finished budgets import (succeeded) by a finance officer; traits for the other states."""

    class Meta:
        model = ImportJob

    kind = ImportKind.BUDGETS
    filename = factory.Sequence(lambda n: f"budgets-{n}.csv")
    data = b""
    size = 120
    sha256 = factory.Sequence(lambda n: hashlib.sha256(str(n).encode()).hexdigest())
    status = ImportStatus.SUCCEEDED
    stage = ImportStage.DONE
    rows_total = 3
    rows_done = 3
    updated_count = 2
    unchanged_count = 1
    created_by = factory.SubFactory(UserFactory, role=Role.FINANCE)
    started_at = factory.Faker("date_time_this_year", tzinfo=__import__("datetime").UTC)
    finished_at = factory.LazyAttribute(lambda job: job.started_at)

    class Params:
        failed = factory.Trait(
            status=ImportStatus.FAILED,
            rows_total=None,
            rows_done=0,
            updated_count=0,
            unchanged_count=0,
            errors=[{"row": 3, "column": "Gross budget", "reason": '"lots" is not a number: write it like 125000.50'}],
            errors_total=1,
        )
        running = factory.Trait(
            status=ImportStatus.RUNNING,
            stage=ImportStage.SAVING,
            rows_total=1000,
            rows_done=250,
            updated_count=0,
            unchanged_count=0,
            finished_at=None,
            heartbeat_at=factory.LazyFunction(timezone.now),  # alive: not yet one for the sweeper
        )
        interrupted = factory.Trait(  # its worker died mid-import: marked failed, its file kept to try again
            status=ImportStatus.FAILED,
            rows_total=None,
            rows_done=0,
            updated_count=0,
            unchanged_count=0,
            failure=WORKER_LOST,
            interrupted_at=factory.LazyAttribute(lambda job: job.finished_at),
        )
        queued = factory.Trait(
            status=ImportStatus.QUEUED,
            stage=ImportStage.WAITING,
            rows_total=None,
            rows_done=0,
            updated_count=0,
            unchanged_count=0,
            started_at=None,
            finished_at=None,
        )
        measurements = factory.Trait(
            kind=ImportKind.MEASUREMENTS,
            filename=factory.Sequence(lambda n: f"measurements-{n}.csv"),
            created_by=factory.SubFactory(UserFactory, role=Role.OFFICER),
        )


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"IND-{n + 1:03d}")
    name = factory.Sequence(lambda n: f"Test indicator {n}")
    definition = "What is counted, for the tests."
    unit = Unit.COUNT
    polarity = Polarity.HIGHER_IS_BETTER
    frequency = Frequency.QUARTERLY
    owner = factory.SubFactory(UserFactory, role=Role.OFFICER)
    data_source = "Service records"
    published = True
