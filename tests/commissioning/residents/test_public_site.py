"""What a public site must have (issue 14): the privacy notice says what a complaint's personal data is for, who
sees it and how long it is kept (from COMPLAINT_RETENTION_DAYS); cookies are essential only; the status page says
when the task worker last finished work and when data was last imported."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from commissioning.imports.models import ImportStatus
from tests.commissioning.imports.factories import ImportJobFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_privacy_notice_says_how_long_a_complaints_personal_details_are_kept(client, council, settings) -> None:
    settings.COMPLAINT_RETENTION_DAYS = 365
    page = _text(client.get(reverse("core:privacy")))
    assert "If you complain about a service" in page
    assert "We remove your name and contact details automatically 365 days after your complaint is closed." in page
    assert "does not see how to contact you unless you agree" in page


def test_the_retention_period_defaults_to_two_years() -> None:
    from config.settings import base

    assert base.COMPLAINT_RETENTION_DAYS == 730


def test_the_cookies_page_says_essential_cookies_only(client, council) -> None:
    assert "uses only the cookies it needs to work" in _text(client.get(reverse("core:cookies")))


def test_the_status_page_says_when_data_was_last_imported(client, council, admin_user) -> None:
    page = _text(client.get(reverse("core:status")))
    assert "Data last imported" in page
    assert "Not recorded yet" in page
    finished = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)
    ImportJobFactory(created_by=admin_user, status=ImportStatus.SUCCEEDED, finished_at=finished)
    ImportJobFactory(created_by=admin_user, status=ImportStatus.FAILED, finished_at=finished + dt.timedelta(days=1))
    page = _text(client.get(reverse("core:status")))
    assert re.search(r"Data last imported</dt> <dd[^>]*>2 November 2026", page), page
