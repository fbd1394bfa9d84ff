"""Helpers for the edit-collision and repeated-create checks every app's view tests run."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from django.db import models
from django.test import Client

from commissioning.core import formatting
from commissioning.core.concurrency import ALREADY_SUBMITTED, EDIT_CONFLICT, TOKEN_FIELD, VERSION_FIELD


def hidden_value(body: str, name: str) -> str:
    found = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', body)
    assert found, f"the form carries no {name} field"
    return html.unescape(found.group(1))


def conflict_message(record: models.Model) -> str:
    """The refusal the first editor sees, naming who saved the record last and when."""
    latest = record.history.order_by("-history_date", "-history_id").first()  # type: ignore[attr-defined]
    return EDIT_CONFLICT.format(
        who=latest.history_user.get_full_name(),
        thing=record._meta.verbose_name,
        when=formatting.time_and_date(latest.history_date),
    )


def assert_edit_collision(
    *,
    url: str,
    first: Client,
    second: Client,
    first_data: dict[str, Any],
    second_data: dict[str, Any],
    record: Callable[[], models.Model],
    saved: Callable[[models.Model], Any],
    typed: str,
    theirs: str,
) -> None:
    """A opens the form, B saves, A saves: refused, naming B and the time, A's typing kept, nothing of A's saved;
    then A saves again and it goes through. ``saved(record)`` reads the value both edits change."""
    version = hidden_value(first.get(url).content.decode(), VERSION_FIELD)
    assert second.post(url, {**second_data, VERSION_FIELD: version}).status_code == 302
    after_second = saved(record())
    response = first.post(url, {**first_data, VERSION_FIELD: version})
    body = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "There is a problem" in body
    assert conflict_message(record()) in body
    assert 'href="#edit-conflict"' in body  # the error summary links to what they changed
    assert typed in body  # what A typed is kept
    assert theirs in body  # what B changed is shown
    assert saved(record()) == after_second  # nothing of A's was saved
    new_version = hidden_value(response.content.decode(), VERSION_FIELD)
    assert new_version != version
    assert first.post(url, {**first_data, VERSION_FIELD: new_version}).status_code == 302
    assert saved(record()) != after_second


def assert_repeat_create_redirects(
    *, url: str, client: Client, data: dict[str, Any], model: type[models.Model], detail: Callable[[Any], str]
) -> None:
    """The same create form sent twice makes one record; the repeat is sent to it with a message."""
    token = hidden_value(client.get(url).content.decode(), TOKEN_FIELD)
    before = model._default_manager.count()
    first = client.post(url, {**data, TOKEN_FIELD: token})
    assert first.status_code == 302, first.content.decode()[:3000]
    made = model._default_manager.order_by("-pk").first()
    assert model._default_manager.count() == before + 1
    repeat = client.post(url, {**data, TOKEN_FIELD: token}, follow=True)
    assert model._default_manager.count() == before + 1
    assert repeat.redirect_chain[0][0] == detail(made)
    assert ALREADY_SUBMITTED.format(thing=model._meta.verbose_name) in html.unescape(repeat.content.decode())
