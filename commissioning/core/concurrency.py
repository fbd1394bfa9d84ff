"""Two guards for every form that writes: no lost update on edit pages, no duplicate from a repeated create.

**No lost update.** An edit form carries the version of the record it was loaded from: the record's ``updated_at``
(``DomainModel``'s ``auto_now`` timestamp, which every save through ``save_with_history`` moves on) as an exact
ISO 8601 string with microseconds (``version_of``). The update action locks the row and checks the version through
``lock_for_update``; when someone else saved the record in between, it raises ``EditConflict``, naming who changed
it and when (from the record's latest history entry) and listing what they changed, and carrying the new version so
that a resubmit of the same form goes through. A form without a version (an old client) is not checked.

**No duplicate from a repeated submit.** A create form carries a one-time token (a fresh uuid4 on each GET). The
create action claims it first thing in its transaction with ``claim_form_token``, which inserts a
``FormSubmission`` under a unique constraint, and binds it to the record it made with ``FormClaim.made``. A repeat
of the same form fails on the unique key (a racing repeat waits for the first transaction, then fails on it) and
raises ``AlreadySubmitted`` naming the first record, which the view turns into a redirect to it
(``already_submitted``). A form without a token is not checked.

The form side is in ``commissioning.core.forms`` (``VersionedFormMixin``, ``OneTimeFormMixin``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from commissioning.core import formatting
from commissioning.core.history import changes_between
from commissioning.core.models import FormSubmission

EDIT_CONFLICT = (
    "{who} changed this {thing} at {when} after you opened it. "
    "Check their changes below, then save again to keep yours."
)
ALREADY_SUBMITTED = "You already added this {thing} – here it is"
FORM_ALREADY_USED = "This form has already been sent. Go back to the list and start again."

VERSION_FIELD = "record_version"
TOKEN_FIELD = "form_token"  # noqa: S105 - a field name, not a secret

M = TypeVar("M", bound=models.Model)


def version_of(record: models.Model) -> str:
    """The version an edit form carries: the record's ``updated_at`` as an exact ISO 8601 string."""
    updated_at: dt.datetime = record.updated_at  # type: ignore[attr-defined]
    return updated_at.isoformat()


def _same_version(record: models.Model, version: str) -> bool:
    try:
        given = dt.datetime.fromisoformat(version)
    except ValueError:
        return False
    return bool(given == record.updated_at)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class TheirChange:
    label: str
    value: str


class EditConflict(ValidationError):  # noqa: N818 - Django's naming: it is a ValidationError
    """Someone else saved the record after this form was loaded. Nothing has been saved."""

    def __init__(self, *, record: models.Model, who: str, when: dt.datetime | None, changes: list[TheirChange]) -> None:
        thing = str(record._meta.verbose_name)
        super().__init__(
            EDIT_CONFLICT.format(who=who, thing=thing, when=formatting.time_and_date(when)), code="edit_conflict"
        )
        self.record = record
        self.who = who
        self.when = when
        self.changes = changes
        self.version = version_of(record)

    @property
    def summary_rows(self) -> list[dict[str, Any]]:
        """Their changes as govukSummaryList rows: the field, and the value they saved."""
        return [{"key": {"text": c.label}, "value": {"text": c.value}} for c in self.changes]


def _conflict(record: models.Model, version: str) -> EditConflict:
    history = getattr(record, "history", None)
    if history is None:
        return EditConflict(record=record, who="Someone", when=record.updated_at, changes=[])  # type: ignore[attr-defined]
    entries = history.select_related("history_user").order_by("-history_date", "-history_id")
    latest = entries.first()
    user = latest.history_user if latest is not None else None
    who = (user.get_full_name() or user.username) if user is not None else "Someone"
    changes: list[TheirChange] = []
    try:
        loaded: dt.datetime | None = dt.datetime.fromisoformat(version)
    except ValueError:
        loaded = None
    if loaded is not None and loaded.tzinfo is None:
        loaded = None  # not a version this code wrote: nothing to compare with
    base = entries.filter(updated_at__lte=loaded).first() if loaded is not None else None
    if latest is not None and base is not None and base.pk != latest.pk:
        changes = [TheirChange(label=c.label, value=c.after) for c in changes_between(record, base, latest)]
    when = latest.history_date if latest is not None else record.updated_at  # type: ignore[attr-defined]
    return EditConflict(record=record, who=who, when=when, changes=changes)


def lock_for_update(model: type[M] | models.QuerySet[M], *, pk: Any, version: str | None) -> M:
    """Re-read the row under a lock (inside the action's transaction) and check it is the version the form loaded.

    ``version`` None (a form that carries none) is not checked. Raises ``EditConflict`` otherwise.
    """
    queryset = model if isinstance(model, models.QuerySet) else model._default_manager.all()
    record: M = queryset.select_for_update(of=("self",)).get(pk=pk)
    if version and not _same_version(record, version):
        raise _conflict(record, version)
    return record


class AlreadySubmitted(ValidationError):  # noqa: N818 - Django's naming: it is a ValidationError
    """This create form was already sent and made ``record``. Nothing new has been saved."""

    def __init__(self, record: models.Model) -> None:
        super().__init__(ALREADY_SUBMITTED.format(thing=record._meta.verbose_name), code="already_submitted")
        self.record = record


@dataclass
class FormClaim:
    submission: FormSubmission | None

    def made(self, record: models.Model) -> None:
        """Bind the claimed token to the record the action made, in the same transaction."""
        if self.submission is None:
            return
        self.submission.content_type = ContentType.objects.get_for_model(record)
        self.submission.object_id = record.pk
        self.submission.save(update_fields=["content_type", "object_id", "updated_at"])


def claim_form_token(token: uuid.UUID | str | None, *, by: Any) -> FormClaim:
    """Claim a create form's one-time token, first thing in the create action's transaction.

    Raises ``AlreadySubmitted`` with the record the first submission made when the token was claimed before.
    """
    if not token:
        return FormClaim(None)
    try:
        with transaction.atomic():
            submission = FormSubmission(token=token, by=by)
            submission.save()
    except IntegrityError:
        earlier = FormSubmission.objects.select_related("content_type").filter(token=token).first()
        record = earlier.record if earlier is not None else None
        if record is None:
            raise ValidationError(FORM_ALREADY_USED, code="already_submitted") from None
        raise AlreadySubmitted(record) from None
    return FormClaim(submission)


def already_submitted(request: HttpRequest, repeat: AlreadySubmitted, to: str, **kwargs: Any) -> HttpResponse:
    """The answer to a repeated create: the record the first submission made, with a message saying so."""
    messages.info(request, repeat.message)
    return redirect(to, **kwargs)
