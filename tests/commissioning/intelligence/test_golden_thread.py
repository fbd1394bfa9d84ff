"""Ward intelligence in the golden thread: on the service's page and in its evidence pack (page and PDF)."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from commissioning.core import thread
from commissioning.core.permissions import Role
from commissioning.intelligence.thread import SHOWN, intelligence_in_evidence_pack, intelligence_of_service
from tests.commissioning.intelligence.conftest import Patch
from tests.commissioning.intelligence.factories import WardIntelligenceFactory, councillor_with_login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def text(content: bytes) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content.decode()))


@pytest.fixture
def reported(patch: Patch) -> dict[str, object]:
    other = councillor_with_login(username="cllr-ben", wards=[patch.riverside], name="Ben Other")
    return {
        "own": WardIntelligenceFactory(
            councillor=patch.councillor, ward=patch.millbrook, service=patch.bins, title="Bins missed on Mill Lane"
        ),
        "answered": WardIntelligenceFactory(
            councillor=other, ward=patch.riverside, service=patch.bins, title="Overflowing bins", responded=True
        ),
        "withdrawn": WardIntelligenceFactory(
            councillor=patch.councillor, ward=patch.millbrook, service=patch.bins, title="Duplicate", withdrawn=True
        ),
    }


def test_the_sections_are_registered_for_the_service_page_and_the_evidence_pack(patch: Patch) -> None:
    officer_sections = [s.template for s in thread.sections(patch.officer, patch.bins)]
    assert "intelligence/_service_intelligence.html" in officer_sections
    pack = [s.template for s in thread.sections(patch.officer, patch.bins, place="evidence_pack")]
    assert "intelligence/_evidence_pack_intelligence.html" in pack
    for role in [Role.PROVIDER, Role.ADMIN]:
        user = UserFactory(role=role)
        assert intelligence_of_service(user, patch.bins) is None
        assert intelligence_in_evidence_pack(user, patch.bins) is None


def test_the_evidence_pack_shows_what_it_adds_up_to(patch: Patch, reported: dict[str, object]) -> None:
    page = signed_in(patch.officer).get(reverse("outcomes:evidence-pack", args=[patch.bins.pk]))
    assert page.status_code == 200
    content = text(page.content)
    assert "Ward intelligence" in content
    assert "Submissions 2 from 2 wards" in content
    assert "Answered 1" in content
    assert "Waiting for a response 1, of which 0 overdue" in content
    assert "Bins missed on Mill Lane" in content
    assert "We have looked into it and fixed the rota." in content
    assert "Duplicate" not in content


def test_a_councillor_finds_only_their_own_in_the_evidence_pack(patch: Patch, reported: dict[str, object]) -> None:
    content = text(
        signed_in(patch.councillor.user).get(reverse("outcomes:evidence-pack", args=[patch.bins.pk])).content
    )
    assert "Bins missed on Mill Lane" in content
    assert "Overflowing bins" not in content
    assert "(your own submissions)" in content


def test_the_evidence_pack_pdf_prints_the_section(patch: Patch, reported: dict[str, object]) -> None:
    response = signed_in(patch.officer).get(reverse("outcomes:evidence-pack-pdf", args=[patch.bins.pk]))
    assert response.status_code == 200
    pdf_text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = re.sub(r"\s+", " ", pdf_text)
    assert "Ward intelligence" in flat
    assert "Bins missed on Mill Lane" in flat
    assert "Overflowing bins" in flat


def test_the_service_page_shows_the_latest_and_links_to_the_rest(patch: Patch) -> None:
    for n in range(SHOWN + 1):
        WardIntelligenceFactory(service=patch.bins, title=f"Report number {n:02d}")
    content = signed_in(patch.officer).get(reverse("services:detail", args=[patch.bins.pk])).content.decode()
    shown = re.findall(r"Report number \d\d", content)
    assert len(shown) == SHOWN
    assert "Report number 00" not in shown  # the oldest is the one left off
    assert "See all ward intelligence about this service" in content
    assert f"/intelligence/?service={patch.bins.pk}&amp;status=any&amp;scope=all" in content
