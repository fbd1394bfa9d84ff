"""The appraisal and business case pages cost the same number of queries for a district council as a metropolitan one.

Both demo councils are seeded with the real seeder, one after the other, each in a transaction that is rolled back.
Each page is read for the appraisal whose business case has been submitted; the draft business case too.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.appraisals.models import Appraisal, BusinessCase, BusinessCaseStatus, Option, OptionKind
from tests import demo

SCALES = ["district", "metropolitan"]


def _pages() -> dict[str, str]:
    submitted = (
        BusinessCase.objects.filter(status=BusinessCaseStatus.SUBMITTED)
        .order_by("review__reference", "version")
        .first()
    )
    assert submitted is not None
    draft = BusinessCase.objects.get(status=BusinessCaseStatus.DRAFT)
    pages: dict[str, str] = {
        "business case list": reverse("appraisals:business-case-list"),
        "business case (submitted)": reverse("appraisals:business-case", args=[submitted.pk]),
        "business case (draft)": reverse("appraisals:business-case", args=[draft.pk]),
        "business case history": reverse("appraisals:business-case-history", args=[submitted.pk]),
    }
    appraisal = Appraisal.objects.get(review=submitted.review)
    option = Option.objects.filter(appraisal=appraisal, kind=OptionKind.OPTION).order_by("pk").first()
    assert option is not None
    pages.update(
        {
            "workspace": reverse("appraisals:workspace", args=[appraisal.pk]),
            "risk analysis": reverse("appraisals:simulation", args=[appraisal.pk]),
            "appraisal history": reverse("appraisals:history", args=[appraisal.pk]),
            "option": reverse("appraisals:option-detail", args=[option.pk]),
            "option lines": reverse("appraisals:option-lines", args=[option.pk]),
            "option history": reverse("appraisals:option-history", args=[option.pk]),
            "review with its thread": reverse("reviews:detail", args=[submitted.review_id]),
            "review with its thread (draft)": reverse("reviews:detail", args=[draft.review_id]),
        }
    )
    return pages


def _count(client: Client, path: str) -> int:
    assert client.get(path).status_code == 200, path  # warm up: per-process caches are filled once
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries)


@demo.measured_at_both_scales
def _measure(scale: str) -> dict[str, int]:
    officer = Client()
    officer.force_login(User.objects.get(username="officer"))
    return {name: _count(officer, path) for name, path in _pages().items()}


@pytest.mark.slow
@pytest.mark.django_db
def test_appraisal_pages_cost_the_same_queries_at_both_demo_scales(
    demo_query_counts: demo.QueryCounts,
) -> None:
    counts = demo_query_counts[_measure]

    print()
    print(f"{'queries':<36}" + "".join(f"{scale:>14}" for scale in SCALES))
    for page in counts["district"]:
        print(f"{page:<36}" + "".join(f"{counts[scale][page]:>14}" for scale in SCALES))

    assert counts["district"] == counts["metropolitan"]
