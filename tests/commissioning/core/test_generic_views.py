"""The pages every app builds from commissioning.core.generic: add and edit pages, archive/restore with a reason,
history, exports and the visible-record lookup. Through the services app, whose pages are built from them."""

from __future__ import annotations

import html

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from commissioning.core import generic
from commissioning.core.access import SignInRequired
from commissioning.core.concurrency import AlreadySubmitted
from commissioning.core.forms import RecordFormMixin
from commissioning.services import actions, selectors
from commissioning.services.forms import ServiceForm
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


# Add and edit pages --------------------------------------------------------------------------------------------------


class _NameForm(RecordFormMixin, forms.Form):
    """A plain form that adds a record (a one-time token) or edits one (``versioned=record``)."""

    name = forms.CharField(error_messages={"required": "Enter a name"})

    def __init__(self, *args, colour="none", **kwargs):
        super().__init__(*args, **kwargs)
        self.colour = colour


@pytest.fixture
def shown(monkeypatch):
    """The template and context of each page the add and edit pages show, without rendering the app's template."""
    pages: list[tuple[str, dict]] = []

    def capture(request, template, context, *args, **kwargs):
        pages.append((template, dict(context)))
        return HttpResponse("page")

    monkeypatch.setattr(generic, "render", capture)
    return pages


def _page_request(user, method="get", data=None):
    request = getattr(RequestFactory(), method)("/", data or {})
    request.user = user or AnonymousUser()
    request._messages = CookieStorage(request)
    return request


def _messages(request):
    return [(message.level_tag, str(message)) for message in request._messages]


def test_a_create_page_checks_its_permission_before_making_the_form(users, council):
    made: list[str] = []
    view = generic.create_view(
        perm="services.add_service",
        form=_NameForm,
        form_kwargs=lambda request: made.append("form") or {},
        act=lambda form, **kw: pytest.fail("no action without the permission"),
        done=str,
        to=lambda record: "/",
        template="services/form.html",
        context=lambda form: {},
    )
    with pytest.raises(SignInRequired):
        view(_page_request(None))
    with pytest.raises(PermissionDenied):
        view(_page_request(users["provider"], "post", {"name": "Parks"}))
    assert made == []


def test_a_create_page_shows_its_form_then_calls_the_action_with_the_user_and_token_and_redirects(
    users, council, shown
):
    calls: list[dict] = []
    made = ServiceFactory(name="Parks")

    def act(form, **kwargs):
        calls.append({"name": form.cleaned_data["name"], "colour": form.colour, **kwargs})
        return made

    view = generic.create_view(
        perm="services.add_service",
        form=_NameForm,
        form_kwargs=lambda request: {"colour": request.GET.get("colour", "red"), "initial": {"name": "Suggested"}},
        act=act,
        done=lambda service, **_: f"{service.name} has been added.",
        to=lambda service: f"/things/{service.pk}/",
        template="services/form.html",
        context=lambda form: {"service": None, "colour": form.colour},
    )
    page = view(_page_request(users["officer"], "get", {"colour": "blue"}))
    assert page.status_code == 200
    template, context = shown[-1]
    assert template == "services/form.html"
    assert set(context) == {"form", "service", "colour"}
    assert context["colour"] == "blue"
    token = context["form"].initial["form_token"]
    assert context["form"].initial["name"] == "Suggested"

    invalid = view(_page_request(users["officer"], "post", {"name": "", "form_token": token}))
    assert invalid.status_code == 200
    assert shown[-1][1]["form"].errors["name"] == ["Enter a name"]
    assert calls == []

    request = _page_request(users["officer"], "post", {"name": "Parks", "form_token": token})
    response = view(request)
    assert response.status_code == 302
    assert response["Location"] == f"/things/{made.pk}/"
    assert calls == [{"name": "Parks", "colour": "red", "by": users["officer"], "form_token": token}]
    assert _messages(request) == [("success", "Parks has been added.")]


def test_a_repeated_create_goes_to_the_first_record_and_a_refusal_is_shown_on_the_form(users, council, shown):
    first = ServiceFactory(name="Parks")
    refusal: list[Exception] = [AlreadySubmitted(first)]

    def act(form, **kwargs):
        raise refusal[0]

    view = generic.create_view(
        perm="services.add_service",
        form=_NameForm,
        act=act,
        done=lambda service, **_: pytest.fail("nothing was added"),
        to=lambda service: f"/things/{service.pk}/",
        template="services/form.html",
        context=lambda form: {"service": None},
    )
    request = _page_request(users["officer"], "post", {"name": "Parks"})
    response = view(request)
    assert response.status_code == 302
    assert response["Location"] == f"/things/{first.pk}/"
    assert _messages(request) == [("info", "You already added this service – here it is")]

    refusal[0] = ValidationError({"name": "That name is taken", "budget": "Over budget"})
    response = view(_page_request(users["officer"], "post", {"name": "Parks"}))
    assert response.status_code == 200
    form = shown[-1][1]["form"]
    assert form.errors["name"] == ["That name is taken"]
    assert form.non_field_errors() == ["Over budget"]


def test_a_create_page_under_a_record_finds_it_checks_the_permission_on_it_and_passes_it_on(users, council, shown):
    parent = ServiceFactory(name="Parks")
    hidden = ServiceFactory(published=False)
    made = ServiceFactory(name="Play areas")
    calls: list[tuple] = []

    def act(form, service, **kwargs):
        calls.append((service, form.colour, sorted(kwargs)))
        return made

    view = generic.create_view(
        get=lambda request, pk: generic.get_visible_or_404(
            request, selectors.service_detail, "services.view_service", pk=pk
        ),
        perm="services.change_service",
        form=_NameForm,
        form_kwargs=lambda request, service: {"colour": service.name},
        act=act,
        done=lambda service, **_: f"{service.name} has been added.",
        to=lambda service: f"/things/{service.pk}/",
        template="services/form.html",
        context=lambda form, service: {"service": service},
    )
    with pytest.raises(Http404):
        view(_page_request(users["provider"]), hidden.pk)
    with pytest.raises(PermissionDenied):
        view(_page_request(users["provider"]), parent.pk)
    assert view(_page_request(users["officer"]), parent.pk).status_code == 200
    assert shown[-1][1]["service"] == parent
    response = view(_page_request(users["officer"], "post", {"name": "Play"}), parent.pk)
    assert response["Location"] == f"/things/{made.pk}/"
    assert calls == [(parent, "Parks", ["by", "form_token"])]


def test_an_edit_page_passes_the_version_it_loaded_and_redirects_to_what_the_action_saved(users, council, shown):
    service = ServiceFactory(name="Parks")
    calls: list[dict] = []

    def act(form, record, **kwargs):
        calls.append({"record": record, "name": form.cleaned_data["name"], **kwargs})
        saved = Service.objects.get(pk=record.pk)  # an action saves the copy it locked
        saved.name = form.cleaned_data["name"]
        return saved

    view = generic.edit_view(
        lambda request, pk: Service.objects.get(pk=pk),
        perm="services.change_service",
        form=_NameForm,
        form_kwargs=lambda request, record: {"versioned": record, "initial": {"name": record.name}},
        act=act,
        done=lambda loaded, saved, form, request, **_: (
            f"Your changes to {loaded.name}, now {saved.name}, have been saved."
            if form.is_bound and request.method == "POST"
            else pytest.fail("the message is given the form and the request")
        ),
        to=lambda record: f"/things/{record.pk}/",
        template="services/form.html",
        context=lambda form, record: {"service": record},
    )
    with pytest.raises(PermissionDenied):
        view(_page_request(users["provider"], "post", {"name": "Gardens"}), service.pk)
    assert calls == []
    assert view(_page_request(users["officer"]), service.pk).status_code == 200
    template, context = shown[-1]
    assert (template, set(context)) == ("services/form.html", {"form", "service"})
    version = context["form"].initial["record_version"]
    assert "form_token" not in context["form"].fields  # an edit adds nothing, so it needs no token

    request = _page_request(users["officer"], "post", {"name": "Gardens", "record_version": version})
    response = view(request, service.pk)
    assert response.status_code == 302
    assert response["Location"] == f"/things/{service.pk}/"
    assert calls == [{"record": service, "name": "Gardens", "by": users["officer"], "version": version}]
    assert _messages(request) == [("success", "Your changes to Parks, now Gardens, have been saved.")]


def test_an_edit_page_with_a_model_form_edits_its_instance_and_shows_an_edit_conflict(users, council, rendered):
    service = ServiceFactory(name="Parks")
    loaded = Service.objects.get(pk=service.pk).updated_at.isoformat()
    actions.service_archive(service=service, by=users["director"], reason="Closed")  # someone else saves meanwhile
    service.refresh_from_db()
    view = generic.edit_view(
        lambda request, pk: Service.objects.get(pk=pk),
        perm="services.view_service",
        form=ServiceForm,
        act=lambda form, record, **kw: actions.service_update(service=record, details=form.details(), **kw),
        done=lambda loaded, saved, **_: pytest.fail("nothing was saved"),
        to=lambda record: pytest.fail("no redirect"),
        template="services/form.html",
        context=lambda form, record: {"service": record},
    )
    assert view(_page_request(users["officer"]), service.pk).status_code == 200
    form = rendered[-1][1]["form"]
    assert form.instance == service
    data = {**{k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}}
    data.update({"name": "Gardens", "record_version": loaded})
    response = view(_page_request(users["officer"], "post", data), service.pk)
    assert response.status_code == 200
    form = rendered[-1][1]["form"]
    assert form.conflict is not None
    assert form.data["record_version"] == service.updated_at.isoformat()  # saving again goes through
    service.refresh_from_db()
    assert service.name == "Parks"
