"""Error pages: the council's error page even with the database down, and a refusal logged as one line."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connections
from django.db.utils import OperationalError
from django.test import Client

from commissioning.accounts.demo import administrators_group
from commissioning.accounts.models import User
from commissioning.core.permissions import Role
from commissioning.portal import context
from tests.factories import CouncillorFactory, UserFactory

pytestmark = pytest.mark.django_db

DATABASE_DOWN = 'connection to server at "db.internal.example" (10.0.4.7), port 5432 failed: Connection refused'
ERROR_PAGE = "Sorry, there is a problem with the service"


@pytest.fixture
def database_down(monkeypatch: pytest.MonkeyPatch) -> Callable[[], list[str]]:
    """Call it to take the database down: every query from then on fails as an unreachable server's would. It
    answers the list of queries tried."""
    tried: list[str] = []

    def down() -> list[str]:
        def broken_cursor(*args: Any, **kwargs: Any) -> Any:
            tried.append("query")
            raise OperationalError(DATABASE_DOWN)

        monkeypatch.setattr(connections["default"], "_cursor", broken_cursor)
        return tried

    return down


def _assert_council_error_page(response: Any, council_name: str) -> None:
    assert response.status_code == 500
    page = response.content.decode()
    assert ERROR_PAGE in page
    assert f"{ERROR_PAGE} – {council_name}" in page  # the title, and the header
    assert f'<span class="council-header__name">{council_name}</span>' in page
    assert "app.css" in page  # styled as every page is
    assert "govuk-footer" in page
    for detail in ("db.internal", "5432", "OperationalError", "Traceback"):
        assert detail not in page


def test_with_the_database_down_a_page_is_the_councils_error_page(
    council: Any, database_down: Callable[[], list[str]]
) -> None:
    client = Client(raise_request_exception=False)
    assert client.get("/services/").status_code == 200  # the council's name as read then

    database_down()
    response = client.get("/services/")

    _assert_council_error_page(response, council.name)


def test_with_the_database_down_a_signed_in_user_gets_the_error_page_named_from_the_settings(
    settings: Any, monkeypatch: pytest.MonkeyPatch, database_down: Callable[[], list[str]]
) -> None:
    """A process that has not read the council's name yet: COUNCIL_NAME. Reading the user is a query: they are not
    named, and there is no navigation."""
    settings.COUNCIL_NAME = "Borsetshire County Council"
    monkeypatch.setattr(context, "_last_council_name", None)
    user = UserFactory(username="ada", role=Role.OFFICER, first_name="Ada", last_name="Lovelace")
    client = Client(raise_request_exception=False)
    client.force_login(user)

    tried = database_down()
    response = client.get("/services/")

    _assert_council_error_page(response, "Borsetshire County Council")
    assert "Ada Lovelace" not in response.content.decode()
    assert tried == ["query"]  # the session, which failed; the error page asked nothing


def test_a_server_error_with_the_database_up_keeps_the_signed_in_user(
    council: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from commissioning.services import selectors

    def broken(*, user: Any, **kwargs: Any) -> Any:
        assert user.is_authenticated  # the view has loaded the user: the error page names them
        raise RuntimeError("a bug")

    monkeypatch.setattr(selectors, "service_list", broken)
    user = UserFactory(username="ada", role=Role.OFFICER, first_name="Ada", last_name="Lovelace")
    client = Client(raise_request_exception=False)
    client.force_login(user)

    response = client.get("/services/")

    _assert_council_error_page(response, council.name)
    assert "Ada Lovelace" in response.content.decode()


def test_a_refusal_is_logged_as_one_line_without_a_traceback(council: Any, caplog: pytest.LogCaptureFixture) -> None:
    officer = UserFactory(username="ada", role=Role.OFFICER)
    councillor = CouncillorFactory()
    client = Client()
    client.force_login(officer)

    with caplog.at_level(logging.INFO):
        response = client.get(f"/councillors/{councillor.pk}/edit")

    assert response.status_code == 403
    assert "You do not have permission to do this" in response.content.decode()
    [record] = [r for r in caplog.records if r.name in {"django.request", "commissioning.core.views"}]
    assert record.name == "commissioning.core.views"
    assert record.levelno == logging.WARNING
    assert record.exc_info is None
    assert record.getMessage() == (
        f"Refused GET /councillors/{councillor.pk}/edit to ada (officer): accounts.change_councillor "
        f"on accounts.Councillor {councillor.pk}"
    )
    assert "Traceback" not in caplog.text


def test_a_refusal_in_the_admin_site_is_logged_as_one_line_too(caplog: pytest.LogCaptureFixture) -> None:
    admin = UserFactory(username="admin", role=Role.ADMIN, is_staff=True)
    administrators_group(admin)
    root = User.objects.create_superuser(username="root", email="root@example.org", password="x-long-password")
    client = Client()
    client.force_login(admin)

    with caplog.at_level(logging.INFO):
        response = client.post(f"/admin/accounts/user/{root.pk}/password/", {})

    assert response.status_code == 403
    [record] = [r for r in caplog.records if r.name in {"django.request", "commissioning.core.views"}]
    assert record.exc_info is None
    assert (
        record.getMessage() == f"Refused POST /admin/accounts/user/{root.pk}/password/ to admin (admin): no named rule"
    )
