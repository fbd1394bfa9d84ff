"""Evidence documents: checked by their content (not their name), limited in size, stored under MEDIA_ROOT with a
random name, and served only through the permission-checked download view."""

from __future__ import annotations

import html
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from commissioning.core import uploads
from commissioning.core.permissions import Role
from commissioning.outcomes.models import NeedsEvidence
from tests.commissioning.outcomes.factories import EvidenceFactory
from tests.dates import date_input
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def office(part: str, *, macros: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
        if macros:
            archive.writestr("word/vbaProject.bin", b"\x00")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("report.pdf", PDF, uploads.PDF),
        ("scan.png", PNG, uploads.PNG),
        ("photo.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 32, uploads.JPEG),
        ("survey.docx", office("word/document.xml"), uploads.DOCX),
        ("data.xlsx", office("xl/workbook.xml"), uploads.XLSX),
        ("data.csv", "Ward,Households\nNorth,£12\n".encode(), uploads.CSV),
        ("notes.txt", b"Plain notes", uploads.TEXT),
        ("misnamed.txt", PDF, uploads.PDF),  # the content decides: stored as a PDF
    ],
)
def test_documents_are_known_by_their_content(name, content, kind):
    assert uploads.check_upload(upload(name, content)) == kind


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", EXE, uploads.WRONG_KIND),  # a program renamed .pdf
        ("report.pdf", b"\x00\x01binary\x00", uploads.WRONG_KIND),
        ("archive.docx", office("other/thing.xml"), uploads.WRONG_KIND),  # a zip that is not a document
        ("macros.docx", office("word/document.xml", macros=True), uploads.MACROS),
        ("empty.pdf", b"", uploads.EMPTY),
    ],
    ids=["program-named-pdf", "binary", "plain-zip", "macros", "empty"],
)
def test_other_files_are_refused_with_a_reason(name, content, message):
    with pytest.raises(uploads.UploadRejected) as excinfo:
        uploads.check_upload(upload(name, content))
    assert str(excinfo.value) == message


def test_a_file_over_the_limit_is_refused():
    big = upload("big.pdf", PDF + b"0" * (uploads.MAX_DOCUMENT_BYTES))
    with pytest.raises(uploads.UploadRejected) as excinfo:
        uploads.check_upload(big)
    assert str(excinfo.value) == uploads.TOO_BIG.format(limit="10MB")


def test_the_stored_name_is_safe_and_has_the_extension_of_the_content():
    assert uploads.PDF.file_name("../../etc/pass wd;rm.txt") == "pass wd_rm.pdf"
    assert uploads.PDF.file_name("C:\\Users\\me\\Report 2026.PDF") == "Report 2026.pdf"


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def form_data(service, document=None, **extra):
    data = {
        "title": "Homelessness review 2025",
        "kind": "needs_assessment",
        "source": "Housing options team",
        **date_input("evidence_date", "2025-11-01"),
        "summary": "Approaches rose by a fifth.",
        "service": service.pk,
        "outcome": "",
    }
    if document is not None:
        data["document"] = document
    data.update(extra)
    return data


def test_an_officer_uploads_a_pdf_which_is_stored_under_media_root_with_a_random_name(client_for, media, council):
    service = ServiceFactory()
    response = client_for(Role.OFFICER).post(
        reverse("outcomes:evidence-create"), form_data(service, upload("Homelessness review.pdf", PDF))
    )
    assert response.status_code == 302
    evidence = NeedsEvidence.objects.get()
    assert (evidence.document_name, evidence.document_size, evidence.document_type) == (
        "Homelessness review.pdf",
        len(PDF),
        "application/pdf",
    )
    stored = media / evidence.document.name
    assert stored.read_bytes() == PDF
    assert evidence.document.name.startswith("evidence/")
    assert "Homelessness" not in evidence.document.name


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (upload("report.pdf", EXE, "application/pdf"), uploads.WRONG_KIND),
        (upload("big.pdf", PDF + b"0" * uploads.MAX_DOCUMENT_BYTES), uploads.TOO_BIG.format(limit="10MB")),
    ],
    ids=["wrong-type-by-content", "too-big"],
)
def test_a_refused_upload_saves_nothing_and_says_why(client_for, media, council, document, message):
    service = ServiceFactory()
    response = client_for(Role.OFFICER).post(reverse("outcomes:evidence-create"), form_data(service, document))
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert NeedsEvidence.objects.count() == 0
    assert not any(media.rglob("*.*"))


@pytest.fixture
def with_document(media, council):
    evidence = EvidenceFactory(service=ServiceFactory())
    evidence.document.save("abc.pdf", io.BytesIO(PDF), save=False)
    evidence.document_name = "Homelessness review.pdf"
    evidence.document_size = len(PDF)
    evidence.document_type = "application/pdf"
    evidence.save()
    return evidence


@pytest.mark.parametrize("role", [Role.OFFICER, Role.FINANCE, Role.SCRUTINY, Role.COUNCILLOR])
def test_internal_roles_download_the_document_as_an_attachment(client_for, with_document, role):
    response = client_for(role).get(reverse("outcomes:evidence-download", args=[with_document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Homelessness review.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_the_public_and_providers_cannot_download_and_media_is_not_served(client_for, with_document):
    path = reverse("outcomes:evidence-download", args=[with_document.pk])
    anonymous = Client().get(path)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:sign-in"))
    assert client_for(Role.PROVIDER).get(path).status_code == 403
    # The file is not reachable at any public URL: no media route exists.
    assert Client().get(f"/media/{with_document.document.name}").status_code == 404


def test_a_record_without_a_document_has_nothing_to_download(client_for, media, council):
    evidence = EvidenceFactory(service=ServiceFactory())
    assert client_for(Role.OFFICER).get(reverse("outcomes:evidence-download", args=[evidence.pk])).status_code == 404


def test_a_windows_1252_csv_is_accepted_as_a_csv():
    content = "Ward,Cost\nYsgol’s Ward,£12\nCafé,€5\n".encode("cp1252")
    assert uploads.check_upload(upload("costs.csv", content, "text/csv")) == uploads.CSV


def test_a_binary_file_that_is_not_windows_1252_text_is_still_refused():
    with pytest.raises(uploads.UploadRejected):
        uploads.check_upload(upload("costs.csv", b"Ward\x81\x02\x03" * 10, "text/csv"))


def test_an_upload_stored_under_another_name_says_so(client_for, media, council):
    service = ServiceFactory()
    response = client_for(Role.OFFICER).post(
        reverse("outcomes:evidence-create"), form_data(service, upload("report.txt", PDF)), follow=True
    )
    page = html.unescape(response.content.decode())
    assert NeedsEvidence.objects.get().document_name == "report.pdf"
    assert uploads.RENAMED.format(given="report.txt", stored="report.pdf") in page


def test_an_upload_kept_under_its_own_name_says_nothing_about_renaming(client_for, media, council):
    service = ServiceFactory()
    response = client_for(Role.OFFICER).post(
        reverse("outcomes:evidence-create"), form_data(service, upload("report.pdf", PDF)), follow=True
    )
    assert "was saved as" not in html.unescape(response.content.decode())
