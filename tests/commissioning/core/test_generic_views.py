"""The pages every app builds from commissioning.core.generic: archive/restore with a reason, history, exports and
the visible-record lookup. Through the services app, whose pages are built from them."""

from __future__ import annotations

import html

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory

from commissioning.core import generic
from commissioning.core.access import SignInRequired
from commissioning.services import actions, selectors
from commissioning.services.models import Service
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    return request


@pytest.fixture
def rendered(monkeypatch):
    """The template and context of each page the generic views render."""
    pages: list[tuple[str, dict]] = []
    real = generic.render

    def spy(request, template, context, *args, **kwargs):
        pages.append((template, dict(context)))  # rendering adds the context processors' names
        return real(request, template, context, *args, **kwargs)

    monkeypatch.setattr(generic, "render", spy)
    return pages


# get_visible_or_404 -------------------------------------------------------------------------------------------------


def test_get_visible_returns_the_record_the_user_may_see(users, council):
    service = ServiceFactory(published=False)
    found = generic.get_visible_or_404(
        _request(users["officer"]), selectors.service_detail, "services.view_service", pk=service.pk
    )
    assert found == service


def test_get_visible_answers_404_for_a_missing_record_and_for_one_the_user_may_not_see(users, council):
    hidden = ServiceFactory(published=False)
    with pytest.raises(Http404):
        generic.get_visible_or_404(_request(users["officer"]), selectors.service_detail, "services.view_service", pk=0)
    for user in (None, users["provider"]):
        with pytest.raises(Http404):
            generic.get_visible_or_404(_request(user), selectors.service_detail, "services.view_service", pk=hidden.pk)


def test_get_visible_answers_404_when_the_permission_refuses_a_record_the_selector_found(users, council):
    service = ServiceFactory()
    with pytest.raises(Http404):
        generic.get_visible_or_404(
            _request(users["officer"]), selectors.service_detail, "no.such_permission", pk=service.pk
        )


# Exports -------------------------------------------------------------------------------------------------------------


def test_export_response_writes_csv_or_xlsx_named_after_the_list():
    rows = [["Parks", 1]]
    csv_response = generic.export_response("csv", name="things", sheet="Things", headers=["Name", "N"], rows=rows)
    assert csv_response["Content-Type"].startswith("text/csv")
    assert 'filename="things.csv"' in csv_response["Content-Disposition"]
    assert b"".join(csv_response.streaming_content).decode("utf-8-sig").splitlines() == ["Name,N", "Parks,1"]
    xlsx_response = generic.export_response("xlsx", name="things", sheet="Things", headers=["Name", "N"], rows=rows)
    assert "spreadsheetml" in xlsx_response["Content-Type"]
    assert 'filename="things.xlsx"' in xlsx_response["Content-Disposition"]


def test_an_export_view_checks_its_permission_before_reading_any_rows(users):
    read: list[str] = []

    def rows(request):
        read.append("read")
        return []

    view = generic.export_view(name="things", sheet="Things", headers=["Name"], rows=rows, perm="no.such_permission")
    with pytest.raises(SignInRequired):
        view(_request(None), "csv")
    with pytest.raises(PermissionDenied):
        view(_request(users["officer"]), "xlsx")
    assert read == []
    open_view = generic.export_view(name="things", sheet="Things", headers=["Name"], rows=rows)
    assert open_view(_request(None), "csv").status_code == 200
    assert read == ["read"]


def test_the_services_export_is_the_core_export_of_the_filtered_list(client_for, council):
    ServiceFactory(name="Parks", reference="ENV-002")
    ServiceFactory(name="Home care", reference="ADL-001")
    response = client_for("officer").get("/services/export.csv", {"q": "Parks"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Parks" in body
    assert "Home care" not in body


# Archive and restore through an app ---------------------------------------------------------------------------------


def test_the_archive_page_asks_for_the_apps_reason_and_archives_in_one_history_entry(client_for, council, rendered):
    service = ServiceFactory(name="Markets")
    client = client_for("officer")
    page = client.get(f"/services/{service.pk}/archive")
    assert page.status_code == 200
    template, context = rendered[-1]
    assert template == "services/reason.html"
    assert set(context) == {"form", "service", "object", "action"}
    assert context["action"] == "archive"
    assert context["service"] == service
    assert "Why is this service being archived?" in html.unescape(page.content.decode())
    refused = client.post(f"/services/{service.pk}/archive", {"reason": ""})
    assert refused.status_code == 200
    assert actions.ARCHIVE_REASON_REQUIRED in refused.content.decode()
    before = service.history.count()
    done = client.post(f"/services/{service.pk}/archive", {"reason": "Market closed"}, follow=True)
    assert done.redirect_chain == [(f"/services/{service.pk}/", 302)]
    assert "Markets has been archived. It stays in the catalogue&#39;s history." in done.content.decode()
    service.refresh_from_db()
    assert service.is_archived
    assert service.archived_by.username == "officer"
    assert service.history.count() == before + 1
    assert service.history.latest().history_change_reason == "Archived: Market closed"


def test_the_restore_page_brings_an_archived_record_back(client_for, council):
    service = ServiceFactory(name="Markets", archived=True)
    client = client_for("officer")
    assert "Why is this service being restored?" in html.unescape(
        client.get(f"/services/{service.pk}/restore").content.decode()
    )
    response = client.post(f"/services/{service.pk}/restore", {"reason": "Reopened"})
    assert response.status_code == 302
    assert response["Location"] == f"/services/{service.pk}/"
    service.refresh_from_db()
    assert not service.is_archived
    assert service.history.latest().history_change_reason == "Restored: Reopened"


def test_a_role_without_the_permission_is_refused_and_a_record_it_may_not_see_is_hidden(client_for, council):
    service = ServiceFactory(published=True)
    hidden = ServiceFactory(published=False)
    assert client_for("cabinet").post(f"/services/{service.pk}/archive", {"reason": "x"}).status_code == 403
    assert client_for("provider").get(f"/services/{hidden.pk}/archive").status_code == 404
    assert client_for(None).get(f"/services/{service.pk}/archive").status_code == 302  # sign in first
    service.refresh_from_db()
    assert not service.is_archived


def test_archiving_a_record_someone_archived_meanwhile_shows_the_apps_message_and_writes_nothing(
    client_for, users, council, monkeypatch
):
    service = ServiceFactory(name="Markets")
    stale = Service.objects.get(pk=service.pk)  # the page checks the copy read before the other officer's archive
    monkeypatch.setattr(selectors, "service_detail", lambda *, user, pk: stale)
    actions.service_archive(service=service, by=users["director"], reason="Closed first")
    count = service.history.count()
    response = client_for("officer").post(f"/services/{service.pk}/archive", {"reason": "Closed second"})
    assert response.status_code == 200
    assert actions.ALREADY_ARCHIVED in response.content.decode()
    assert service.history.count() == count
    service.refresh_from_db()
    assert service.archive_reason == "Closed first"


def test_an_action_error_naming_a_field_the_form_lacks_is_shown_at_the_top(client_for, council, monkeypatch, rendered):
    service = ServiceFactory(name="Markets")

    def refuse(**kwargs):
        raise ValidationError({"directorate": "Move its reviews first", "reason": "Say more"})

    monkeypatch.setattr(actions, "service_archive", refuse)
    response = client_for("officer").post(f"/services/{service.pk}/archive", {"reason": "Because"})
    assert response.status_code == 200
    form = rendered[-1][1]["form"]
    assert form.non_field_errors() == ["Move its reviews first"]
    assert form.errors["reason"] == ["Say more"]
    body = html.unescape(response.content.decode())
    assert "Move its reviews first" in body
    assert "Say more" in body


# History ------------------------------------------------------------------------------------------------------------


def test_the_history_tab_renders_core_history_under_the_apps_tabs(client_for, users, council, rendered):
    service = ServiceFactory(name="Markets")
    actions.service_archive(service=service, by=users["director"], reason="Closed for winter")
    response = client_for("officer").get(f"/services/{service.pk}/history")
    assert response.status_code == 200
    template, context = rendered[-1]
    assert template == "core/history.html"
    assert set(context) == {"object", "service", "page", "entries", "tab", "tabs_template"}
    assert context["object"] == context["service"] == service
    assert context["tab"] == "history"
    assert context["tabs_template"] == "services/_header.html"
    assert context["entries"][0].reason == "Archived: Closed for winter"
    assert "Closed for winter" in response.content.decode()
    provider = client_for("provider")
    assert provider.get(f"/services/{service.pk}/history").status_code == 404  # archived: not visible to providers
    assert provider.get(f"/services/{ServiceFactory().pk}/history").status_code == 403  # visible, not its history
