"""Category management: the council's procurement categories, each with a category manager.

A category is a CPV division (``kind`` "cpv": the first two digits of a CPV code, named from the CPV 2008 list in
engine.contracts.categories) or one of the council's own categories (``kind`` "council": a ProClass-style list, a
name, a parent, and the CPV divisions, groups or codes it covers). Categories form a tree through ``parent``; a
category holds the contracts whose CPV codes fall under its own coverage or any of its descendants'. Contracts are
matched by their CPV codes (``Contract.cpv_codes``), never copied: a contract's codes changing moves it.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from commissioning.core.models import DomainModel
from commissioning.core.thread import CategoryScope

category_code_format = RegexValidator(
    r"^[A-Z0-9][A-Z0-9-]{0,19}$", "Enter a code of capital letters, digits and hyphens, like CPV-85 or SOC-01"
)


class CategoryKind(models.TextChoices):
    CPV = "cpv", "CPV division"
    COUNCIL = "council", "Council category"


class Category(DomainModel):
    code = models.CharField(max_length=20, unique=True, validators=[category_code_format])
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=CategoryKind.choices, default=CategoryKind.COUNCIL)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name="parent category"
    )
    cpv_division = models.CharField("CPV division", max_length=2, blank=True)
    covers = models.CharField(
        "CPV divisions or codes covered",
        max_length=500,
        blank=True,
        help_text="For a council category: CPV divisions (2 digits) or codes, separated by commas.",
    )
    description = models.TextField(blank=True)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="managed_categories",
        verbose_name="category manager",
    )

    history = HistoricalRecords()
    # What the category's page found in it (set by selectors_categories.category_page), for the spend and savings
    # places that the finance app fills (core.thread.CATEGORY_SPEND_KEY): not a field.
    scope: CategoryScope | None = None

    class Meta:
        ordering: ClassVar = ["code"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def covers_list(self) -> list[str]:
        if self.kind == CategoryKind.CPV:
            return [self.cpv_division] if self.cpv_division else []
        return [entry.strip() for entry in self.covers.split(",") if entry.strip()]
