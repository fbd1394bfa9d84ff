"""Demo accounts sign in only where demo users are allowed: never under production settings, even in a database
seeded for the demo."""

from __future__ import annotations

import importlib
import os
import re

import pytest
from django.apps import apps
from django.test import Client, override_settings

from commissioning.accounts.demo import DEMO_LOGINS
from commissioning.accounts.forms import SIGN_IN_INVALID
from commissioning.accounts.models import User
from commissioning.portal.management.commands.seed_demo import DEFAULT_DEMO_PASSWORD
from tests.demo import DemoCouncil
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _sign_in(client: Client, username: str, password: str) -> str:
    response = client.post("/sign-in", {"username": username, "password": password})
    return "signed in" if response.status_code == 302 else response.content.decode()


def test_the_demo_logins_are_demo_accounts(demo_district: DemoCouncil) -> None:
    assert {username for username, _role, _title in DEMO_LOGINS} <= set(
        User.objects.filter(is_demo=True).values_list("username", flat=True)
    )
    assert not User.objects.filter(is_demo=False).exists()  # every user the demo made


def test_a_demo_database_served_with_production_settings_refuses_the_demo_logins(demo_district: DemoCouncil) -> None:
    password = os.environ.get("DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)  # as the demo council was seeded
    assert _sign_in(Client(), "officer", password) == "signed in"  # the demo, as seeded

    with override_settings(DEMO_USERS_ALLOWED=False):
        for username, _role, _title in DEMO_LOGINS:
            page = _sign_in(Client(), username, password)
            assert SIGN_IN_INVALID in page, username  # no more than "wrong username or password"
            assert "demo" not in page.lower().replace(username, ""), username  # the typed username aside
        # The admin site signs in through the same backends.
        admin_site = Client()
        response = admin_site.post("/admin/login/", {"username": "admin", "password": password})
        assert response.status_code == 200
        assert "_auth_user_id" not in admin_site.session


def test_a_demo_account_refused_reads_like_a_wrong_password(council: object) -> None:
    UserFactory(username="ada", password=TEST_PASSWORD, is_demo=True)
    UserFactory(username="ben", password=TEST_PASSWORD)

    with override_settings(DEMO_USERS_ALLOWED=False):
        refused = _sign_in(Client(), "ada", TEST_PASSWORD)
        wrong = _sign_in(Client(), "ben", "not-the-password")
        assert _sign_in(Client(), "ben", TEST_PASSWORD) == "signed in"  # real accounts are untouched

    assert SIGN_IN_INVALID in refused
    assert _page(refused, "ada") == _page(wrong, "ben")  # the same page, as for a wrong password
    assert _sign_in(Client(), "ada", TEST_PASSWORD) == "signed in"  # where demo users are allowed


def _page(html: str, username: str) -> str:
    """The sign-in page, less its CSRF token, its Content-Security-Policy nonces and the username typed."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    html = re.sub(r'nonce="[^"]*"', "", html)
    return html.replace(f'value="{username}"', "")


def test_a_demo_accounts_session_ends_when_demo_users_are_not_allowed(council: object) -> None:
    UserFactory(username="ada", password=TEST_PASSWORD, is_demo=True)
    client = Client()
    assert _sign_in(client, "ada", TEST_PASSWORD) == "signed in"
    assert client.get("/notifications/").status_code == 200

    with override_settings(DEMO_USERS_ALLOWED=False):
        response = client.get("/notifications/")

    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in")


def test_users_seeded_before_demo_accounts_were_marked_are_marked_by_the_migration() -> None:
    migration = importlib.import_module("commissioning.accounts.migrations.0002_user_demo_flag_and_rights_history")
    seeded = UserFactory(username="officer", email="officer@example.org")
    real = UserFactory(username="real", email="real.person@council.gov.uk")

    migration.mark_seeded_demo_users(apps, None)

    seeded.refresh_from_db()
    real.refresh_from_db()
    assert seeded.is_demo
    assert not real.is_demo
