"""The footer's pages: an accessibility statement, a privacy notice, a cookies page that names every cookie the
service sets, and Service status as a page for people (``/healthz`` stays JSON for load balancers)."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

FOOTER = {
    "Accessibility statement": "/accessibility",
    "Privacy": "/privacy",
    "Cookies": "/cookies",
    "Service status": "/status",
}


def text(response) -> str:
    """The page's words, without tags, on one line."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def footer_links(response) -> dict[str, str]:
    footer = response.content.decode().split('<footer class="govuk-footer', 1)[1]
    return {
        name: href for href, name in re.findall(r'<a class="govuk-footer__link" href="([^"]+)">([^<]+)</a>', footer)
    }


@pytest.mark.parametrize("role", [None, "officer"])
def test_every_page_links_to_the_footer_pages_and_not_to_raw_json(client_for, council, role) -> None:
    links = footer_links(client_for(role).get("/"))
    assert {name: links.get(name) for name in FOOTER} == FOOTER
    assert "/healthz" not in links.values()


def test_the_accessibility_statement_follows_the_gov_uk_pattern(client, council) -> None:
    page = text(client.get(reverse("core:accessibility")))
    assert f"Accessibility statement for the {council.name} commissioning service" in page
    for heading in [
        "How accessible this service is",
        "Feedback and contact information",
        "Reporting accessibility problems with this service",
        "Enforcement procedure",
        "Compliance status",
        "Non-accessible content",
        "Preparation of this accessibility statement",
    ]:
        assert heading in page
    assert "Equality and Human Rights Commission (EHRC)" in page
    assert "Equality Advisory and Support Service (EASS)" in page
    assert "partially compliant with the Web Content Accessibility Guidelines version 2.2" in page
    assert "This statement was prepared on 3 December 2026" in page


def test_the_pages_give_the_councils_contacts_when_it_has_them(client, council, settings) -> None:
    assert "mailto:" not in client.get(reverse("core:accessibility")).content.decode()
    settings.COUNCIL_CONTACT_EMAIL = "access@council.example.gov.uk"
    settings.DATA_PROTECTION_EMAIL = "dpo@council.example.gov.uk"
    assert 'href="mailto:access@council.example.gov.uk"' in client.get(reverse("core:accessibility")).content.decode()
    privacy = text(client.get(reverse("core:privacy")))
    assert "dpo@council.example.gov.uk" in privacy
    assert "Information Commissioner’s Office" in privacy
    assert "UK GDPR Article 6(1)(e)" in privacy


def cookie_rows(response) -> dict[str, tuple[str, str]]:
    table = response.content.decode().split('data-testid="cookie-table"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(
        r"<tr[^>]*>\s*<td[^>]*><code>([^<]+)</code></td>\s*<td[^>]*>([^<]+)</td>\s*<td[^>]*>([^<]+)</td>", table
    )
    return {name: (html.unescape(purpose), html.unescape(expires)) for name, purpose, expires in rows}


def test_the_cookies_page_names_every_cookie_the_service_sets_and_how_long_it_lasts(council) -> None:
    client = Client()
    set_cookies: set[str] = set()
    set_cookies |= set(client.get("/sign-in").cookies)
    UserFactory(username="ada", password=TEST_PASSWORD)
    set_cookies |= set(client.post("/sign-in", {"username": "ada", "password": TEST_PASSWORD}).cookies)
    assert {"sessionid", "csrftoken"} <= set_cookies

    rows = cookie_rows(client.get(reverse("core:cookies")))
    assert set_cookies <= set(rows)
    assert rows["sessionid"] == ("Keeps you signed in as you move from page to page.", "8 hours, or when you sign out")
    assert rows["csrftoken"][1] == "52 weeks"
    assert rows["messages"][1] == "When you see the message, or when you close your browser"
    assert "only the cookies it needs to work" in text(client.get(reverse("core:cookies")))


def status_rows(response) -> dict[str, str]:
    table = response.content.decode().split('data-testid="status-table"', 1)[1].split("</table>", 1)[0]
    return {
        name: html.unescape(re.sub(r"<[^>]+>", "", state)).strip()
        for name, state in re.findall(
            r'<th scope="row"[^>]*>([^<]+)</th>.*?<td[^>]*>.*?</td>\s*<td[^>]*>(.*?)</td>', table, re.S
        )
    }


def test_service_status_is_a_page_for_people(client, council) -> None:
    response = client.get(reverse("core:status"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "no-cache" in response["Cache-Control"]
    assert "The service is working normally." in text(response)
    assert status_rows(response) == {"Website": "Working", "Database": "Working", "Task worker": "Working"}


def test_service_status_says_when_background_work_is_waiting_for_the_worker(client, council, settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.TASK_WORKER_LATE_SECONDS = 300
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}}, task_path="x.y", backend_name="default", run_after=get_date_max()
    )
    assert status_rows(client.get(reverse("core:status")))["Task worker"] == "Working"  # only just queued

    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - dt.timedelta(minutes=6))
    response = client.get(reverse("core:status"))
    assert response.status_code == 200
    assert status_rows(response) == {"Website": "Working", "Database": "Working", "Task worker": "Delayed"}
    assert "work done in the background is delayed" in text(response)


def test_service_status_without_the_database_answers_503_and_reveals_no_host(client, council, monkeypatch) -> None:
    def broken_cursor(*args, **kwargs):
        raise OperationalError('connection to server at "db.internal.example" (10.0.0.7), port 5432 failed')

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get(reverse("core:status"))
    assert response.status_code == 503
    page = response.content.decode()
    assert "The service is not working at the moment." in text(response)
    assert status_rows(response) == {"Website": "Not working", "Database": "Not working", "Task worker": "Not known"}
    for secret in ["db.internal.example", "10.0.0.7", "5432", str(connection.settings_dict["NAME"])]:
        assert secret not in page
    assert 'href="/accessibility"' in page  # the council's own page layout, footer and all
