"""The ward intelligence pages: the submission form and its errors, the inbox's filters, the detail page's forms."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from commissioning.core.permissions import Role
from commissioning.intelligence import actions
from commissioning.intelligence.models import IntelligenceStatus, Urgency, WardIntelligence
from tests.commissioning.intelligence.conftest import Patch
from tests.commissioning.intelligence.factories import WardIntelligenceFactory, councillor_with_login
from tests.factories import ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def text(response: object) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))  # type: ignore[attr-defined]


def form_data(patch: Patch, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "service": patch.bins.pk,
        "ward": patch.millbrook.pk,
        "title": "Bins missed on Mill Lane",
        "residents_saying": "Twelve households say their bins were missed.",
        "urgency": Urgency.HIGH,
    }
    data.update(changes)
    return data


def test_the_form_offers_the_councillors_own_wards_and_explains_each_urgency(patch: Patch) -> None:
    page = signed_in(patch.councillor.user).get(reverse("intelligence:create") + f"?service={patch.bins.pk}")
    content = page.content.decode()
    ward_select = re.search(r'<select[^>]*id="id_ward".*?</select>', content, re.S)
    assert ward_select
    assert "Millbrook" in ward_select.group(0)
    assert "Riverside" not in ward_select.group(0)
    assert re.search(rf'<option value="{patch.millbrook.pk}" selected', ward_select.group(0))  # their only ward
    assert re.search(rf'<option value="{patch.bins.pk}" selected', content)  # from the service page's link
    plain = text(page)
    assert "Someone may come to harm, or the service has stopped for residents." in plain
    assert "Response due within 2 working days." in plain
    assert "Response due within 20 working days." in plain


def test_missing_answers_are_listed_in_the_error_summary(patch: Patch) -> None:
    response = signed_in(patch.councillor.user).post(reverse("intelligence:create"), {"ward": patch.millbrook.pk})
    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>Error: Submit ward intelligence" in content
    for message, field in [
        ("Choose the service the intelligence is about", "service"),
        (actions.TITLE_REQUIRED, "title"),
        (actions.SAYING_REQUIRED, "residents_saying"),
        (actions.URGENCY_REQUIRED, "urgency"),
    ]:
        assert f'href="#id_{field}">{message}</a>' in content, field
    assert not WardIntelligence.objects.exists()


def test_another_ward_is_refused_with_its_name_and_nothing_is_saved(patch: Patch) -> None:
    """A ward id that is not theirs (a crafted request, or a stale page after a boundary change)."""
    response = signed_in(patch.councillor.user).post(
        reverse("intelligence:create"), form_data(patch, ward=patch.riverside.pk)
    )
    assert response.status_code == 200
    message = "You can only submit intelligence for your own wards: Riverside is not one of them"
    content = response.content.decode()
    assert f'href="#id_ward">{message}</a>' in content
    assert content.count(message) == 2  # in the summary and beside the field
    assert not WardIntelligence.objects.exists()
    assert not WardIntelligence.history.exists()


def test_submitting_goes_to_the_new_page_and_says_when_a_response_is_due(
    patch: Patch, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("django.utils.timezone.now", lambda: dt.datetime(2026, 4, 2, 10, 0, tzinfo=LONDON))
    elsewhere = ServiceFactory(name="Riverside ferry", wards=[patch.riverside])
    client = signed_in(patch.councillor.user)
    response = client.post(reverse("intelligence:create"), form_data(patch, service=elsewhere.pk), follow=True)
    item = WardIntelligence.objects.get()
    assert response.redirect_chain == [(reverse("intelligence:detail", args=[item.pk]), 302)]
    plain = text(response)
    assert (
        "Bins missed on Mill Lane has been submitted as WI-2026-0001. A response is due by 13 April 2026. "
        "Riverside ferry is not recorded as serving Millbrook: the service will see that too." in plain
    )
    assert "Riverside ferry is not recorded as serving this ward." in plain
    assert "You can change or withdraw it until the service acknowledges it." in plain


def test_the_officer_acknowledges_and_responds_from_the_page(patch: Patch) -> None:
    item = WardIntelligenceFactory(councillor=patch.councillor, ward=patch.millbrook, service=patch.bins)
    detail = reverse("intelligence:detail", args=[item.pk])
    officer = signed_in(patch.officer)
    page = officer.get(detail).content.decode()
    assert reverse("intelligence:acknowledge", args=[item.pk]) in page
    assert reverse("intelligence:respond", args=[item.pk]) in page
    assert reverse("intelligence:edit", args=[item.pk]) not in page

    response = officer.post(reverse("intelligence:acknowledge", args=[item.pk]), follow=True)
    assert f"You have acknowledged {item.reference}. The councillor can see that." in text(response)

    refused = officer.post(reverse("intelligence:respond", args=[item.pk]), {"response": "  "})
    assert refused.status_code == 200
    assert "<title>Error: " in refused.content.decode()
    assert 'href="#id_response">Enter your response to the councillor</a>' in refused.content.decode()
    item.refresh_from_db()
    assert item.status == IntelligenceStatus.ACKNOWLEDGED

    officer.post(reverse("intelligence:respond", args=[item.pk]), {"response": "The rota is fixed."})
    councillor_view = text(signed_in(patch.councillor.user).get(detail))
    assert "The rota is fixed." in councillor_view
    assert "Olive Okafor" in councillor_view
    assert "You can change or withdraw it" not in councillor_view

    officer.post(reverse("intelligence:close", args=[item.pk]))
    item.refresh_from_db()
    assert item.status == IntelligenceStatus.CLOSED
    history = text(officer.get(reverse("intelligence:history", args=[item.pk])))
    assert "Reason: Response sent to the councillor" in history
    assert "Reason: Closed by the service" in history


def test_scrutiny_reads_without_forms(patch: Patch) -> None:
    item = WardIntelligenceFactory(councillor=patch.councillor, ward=patch.millbrook, service=patch.bins)
    page = signed_in(UserFactory(role=Role.SCRUTINY)).get(reverse("intelligence:detail", args=[item.pk]))
    content = page.content.decode()
    assert page.status_code == 200
    assert item.title in content
    assert '<form method="post" action="/intelligence/' not in content
    assert "No response yet." in text(page)


def test_the_inbox_filters_and_pages(patch: Patch, settings: object) -> None:
    settings.PAGE_SIZE = 2  # type: ignore[attr-defined]
    urgent = WardIntelligenceFactory(service=patch.bins, urgency=Urgency.URGENT, title="Urgent one")
    old = WardIntelligenceFactory(
        service=patch.bins, title="Old one", submitted_at=dt.datetime(2026, 1, 5, 9, 0, tzinfo=LONDON)
    )
    WardIntelligenceFactory(service=patch.bins, title="Third one")
    WardIntelligenceFactory(service=patch.bins, title="Answered one", responded=True)
    client = signed_in(patch.officer)
    listed = reverse("intelligence:list")

    first = text(client.get(listed))
    assert "3 items of ward intelligence" in first
    assert "Old one" in first  # the earliest due comes first
    second = text(client.get(listed + "?page=2"))
    assert "3 items of ward intelligence" in second  # page 2 keeps the default filters
    assert "Third one" in second or "Urgent one" in second
    assert "1 item of ward intelligence" in text(client.get(listed + "?urgency=urgent"))
    assert "1 item of ward intelligence" in text(client.get(listed + "?overdue=on"))
    assert "4 items" in text(client.get(listed + "?status=any"))
    assert "1 item of ward intelligence" in text(client.get(listed + "?status=responded"))
    assert "1 item of ward intelligence" in text(client.get(listed + "?q=urgent"))
    assert "0 items" in text(client.get(listed + f"?ward={patch.riverside.pk}"))
    by_urgency = text(client.get(listed + "?sort=urgency"))  # most urgent first, then the earliest due
    assert by_urgency.index(urgent.title) < by_urgency.index(old.title)
    assert "Third one" not in by_urgency
    assert urgent.title not in text(client.get(listed + "?sort=-urgency"))
    assert "Overdue" in first


def test_navigation_leads_each_role_to_its_list(patch: Patch) -> None:
    # The navigation is grouped (commissioning.registry.Group): readers find the inbox under Analyse, a councillor
    # their own submissions among their own pages, under their name.
    nav = re.compile(r'href="(/intelligence/[^"]*)"[^>]*>\s*(?:My w|W)ard intelligence')
    assert nav.findall(signed_in(patch.councillor.user).get("/account/").content.decode()) == ["/intelligence/mine"]
    assert nav.findall(signed_in(patch.councillor.user).get("/browse/analyse/").content.decode()) == []
    assert nav.findall(signed_in(patch.officer).get("/browse/analyse/").content.decode()) == ["/intelligence/"]
    for role in [Role.PROVIDER, Role.ADMIN]:
        assert nav.findall(signed_in(UserFactory(role=role)).get("/browse/analyse/").content.decode()) == []
        assert nav.findall(signed_in(UserFactory(role=role)).get("/account/").content.decode()) == []
    assert nav.findall(Client().get("/browse/analyse/").content.decode()) == []


def test_my_intelligence_shows_status_and_response(patch: Patch) -> None:
    WardIntelligenceFactory(councillor=patch.councillor, ward=patch.millbrook, title="Waiting one")
    WardIntelligenceFactory(councillor=patch.councillor, ward=patch.millbrook, title="Answered one", responded=True)
    WardIntelligenceFactory(councillor=patch.councillor, ward=patch.millbrook, title="Withdrawn one", withdrawn=True)
    someone_else = councillor_with_login(username="cllr-other", wards=[patch.riverside])
    WardIntelligenceFactory(councillor=someone_else, ward=patch.riverside, title="Not theirs")
    client = signed_in(patch.councillor.user)
    page = text(client.get(reverse("intelligence:mine")))
    assert "2 items of ward intelligence" in page
    assert "Waiting one" in page
    assert "We have looked into it and fixed the rota." in page
    assert "Not theirs" not in page
    assert "Withdrawn one" not in page
    with_withdrawn = text(client.get(reverse("intelligence:mine") + "?withdrawn=on"))
    assert "Withdrawn one" in with_withdrawn
    assert "Not theirs" not in with_withdrawn


def test_a_councillor_without_a_profile_is_told_why_they_cannot_submit(council: object) -> None:
    page = signed_in(UserFactory(role=Role.COUNCILLOR)).get(reverse("intelligence:create"))
    assert page.status_code == 200
    assert "Your account is not linked to a current councillor profile" in text(page)
