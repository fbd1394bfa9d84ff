"""The same upload form sent twice (the back button, a second tab) imports the file once."""

from __future__ import annotations

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from commissioning.core.concurrency import ALREADY_SUBMITTED, TOKEN_FIELD
from commissioning.imports.models import ImportJob
from tests.edit_safety import hidden_value

from .factories import BUDGET_HEADER, csv_file

pytestmark = pytest.mark.django_db


def test_a_repeated_upload_makes_one_job_and_shows_it(finance, services):
    client = Client()
    client.force_login(finance)
    token = hidden_value(client.get(reverse("imports:create")).content.decode(), TOKEN_FIELD)

    def send():
        file = SimpleUploadedFile("budgets.csv", csv_file(BUDGET_HEADER, "ADH-001,2026/27,1100000,850000,,"))
        return client.post(
            reverse("imports:create"), {"kind": "budgets", "file": file, TOKEN_FIELD: token}, follow=True
        )

    first = send()
    job = ImportJob.objects.get()
    assert first.redirect_chain[0][0] == reverse("imports:detail", args=[job.pk])
    repeat = send()
    assert ImportJob.objects.count() == 1
    assert repeat.redirect_chain[0][0] == reverse("imports:detail", args=[job.pk])
    assert ALREADY_SUBMITTED.format(thing=ImportJob._meta.verbose_name) in html.unescape(repeat.content.decode())
