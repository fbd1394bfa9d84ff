import csv
import io

import pytest

from tests.factories import CouncillorFactory, WardFactory

pytestmark = pytest.mark.django_db


def test_ward_list_is_public_paginated_and_lists_councillors(client, council, settings):
    settings.PAGE_SIZE = 2
    wards = [WardFactory(name=f"Ward {letter}") for letter in "ABC"]
    CouncillorFactory(name="Robin Teal", party="Green Future", wards=[wards[0]])
    first = client.get("/wards/").content.decode()
    assert "Ward A" in first
    assert "Robin Teal" in first
    assert "Ward C" not in first
    second = client.get("/wards/?page=2").content.decode()
    assert "Ward C" in second


def test_ward_export_has_a_row_per_councillor_and_per_empty_ward(client, council):
    ward = WardFactory(name="Heronbank", ons_code="E05900101")
    WardFactory(name="Larkmead", ons_code="E05900102")
    CouncillorFactory(name="Robin Teal", party="Green Future", wards=[ward])
    CouncillorFactory(name="Sam Ash", party="Independent", wards=[ward])
    response = client.get("/wards/export.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [(r["Ward"], r["ONS code"], r["Councillor"]) for r in rows] == [
        ("Heronbank", "E05900101", "Robin Teal"),
        ("Heronbank", "E05900101", "Sam Ash"),
        ("Larkmead", "E05900102", ""),
    ]
    assert client.get("/wards/export.xlsx").status_code == 200


def test_each_ward_name_links_to_the_ward(client, council, settings):
    settings.PAGE_SIZE = 1
    WardFactory(name="Heronbank", ons_code="E05900101")
    WardFactory(name="Larkmead", ons_code="E05900102")
    page = client.get("/wards/?page=2").content.decode()
    assert 'id="ward-E05900102"' in page
    assert '<a class="govuk-link" href="/wards/?page=2#ward-E05900102">Larkmead</a>' in page
