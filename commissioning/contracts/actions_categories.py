"""Writes for category management: keyword-only, validated, one transaction, each with one history entry."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.accounts.models import User
from commissioning.contracts import calculations_categories
from commissioning.contracts.models import Category, CategoryKind
from commissioning.contracts.selectors_categories import code_in_use, descendant_ids
from commissioning.core.actions import record_edited, record_save
from commissioning.core.concurrency import claim_form_token

DIVISION_REQUIRED = "Choose the CPV division this category is"
COVERS_INVALID = (
    "Enter CPV divisions (2 digits, like 85) or codes (like 85311000-2), separated by commas: {entries} is not one"
)
COVERS_ON_DIVISION = "Remove the CPV codes: a CPV division category covers its whole division"
PARENT_LOOP = "Choose another parent: {name} is this category or sits under it"
CODE_TAKEN = "Code {code} is already used by another category: choose another"
ALREADY_ARCHIVED = "This category is archived: restore it before changing it"


@dataclass(frozen=True)
class CategoryDetails:
    code: str
    name: str
    kind: str
    cpv_division: str = ""
    covers: Sequence[str] = ()
    parent: Category | None = None
    description: str = ""
    manager: User | None = None


def split_covers(text: str) -> list[str]:
    return [entry.strip() for entry in re.split(r"[,;\s]+", text) if entry.strip()]


def _validate(details: CategoryDetails, *, existing: Category | None) -> None:
    errors: dict[str, str] = {}
    if details.kind == CategoryKind.CPV:
        if details.cpv_division not in calculations_categories.CPV_DIVISIONS:
            errors["cpv_division"] = DIVISION_REQUIRED
        if details.covers:
            errors["covers"] = COVERS_ON_DIVISION
    else:
        bad = []
        for entry in details.covers:
            try:
                calculations_categories.cpv_prefix(entry)
            except ValueError:
                bad.append(entry)
        if bad:
            errors["covers"] = COVERS_INVALID.format(entries=", ".join(bad))
    parent = details.parent
    if (
        existing is not None
        and parent is not None
        and (parent.pk == existing.pk or parent.pk in descendant_ids(existing))
    ):
        errors["parent"] = PARENT_LOOP.format(name=parent.name)
    if code_in_use(code=details.code, excluding=existing):
        errors["code"] = CODE_TAKEN.format(code=details.code)
    if errors:
        raise ValidationError(errors)


def _apply(category: Category, details: CategoryDetails) -> None:
    category.code = details.code.strip().upper()
    category.name = details.name.strip()
    category.kind = details.kind
    category.cpv_division = details.cpv_division if details.kind == CategoryKind.CPV else ""
    category.covers = ", ".join(details.covers) if details.kind == CategoryKind.COUNCIL else ""
    category.parent = details.parent
    category.description = details.description.strip()
    category.manager = details.manager


@transaction.atomic
def category_create(*, details: CategoryDetails, by: User, form_token: uuid.UUID | None = None) -> Category:
    claim = claim_form_token(form_token, by=by)
    _validate(details, existing=None)
    category = Category()
    _apply(category, details)
    return record_save(category, by=by, reason="Category added", claim=claim)


@transaction.atomic
def category_update(*, category: Category, details: CategoryDetails, by: User, version: str | None = None) -> Category:
    category = record_edited(category, version=version, already_archived=ALREADY_ARCHIVED)
    _validate(details, existing=category)
    _apply(category, details)
    return record_save(category, by=by, reason="Details updated")
