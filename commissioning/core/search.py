"""Search that is not fooled by case, accents or curly quotes, the same on SQLite and PostgreSQL.

Neither database folds text the way people expect: SQLite's ``LIKE`` folds ASCII letters only ("CAFÉ" does not
find "café"), PostgreSQL needs the ``unaccent`` extension to ignore accents, and neither treats a curly apostrophe
("Ysgol’s", as phones and word processors type it) as the straight one. So every searchable record keeps a hidden,
normalised copy of the text its list searches, and the words typed are normalised the same way in Python:

- ``fold(text)`` case-folds, strips accents (Unicode NFKD, then drops the combining marks) and maps curly quotes,
  apostrophes and primes to straight ones.
- A searchable model builds on ``Searchable`` and names, in ``search_columns``, each hidden column and the fields it
  folds (``{"search_text": ("name", "reference", "description")}``). ``save()`` fills them, and so does
  ``DomainQuerySet.bulk_create`` (the demo seeder and imports create rows in bulk). The columns are left out of the
  history (``HistoricalRecords(excluded_fields=[*search_columns])``): they only repeat other fields.
- A selector filters with ``search(queryset, q, "search_text", ...)``: every word typed (up to ``MAX_WORDS``) must be
  in one of the columns. Fields are joined with a newline, and a word never holds whitespace, so a word cannot
  match across two fields. It adds no query.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from django.db import migrations, models
from django.db.models import Q, QuerySet

MAX_WORDS = 8
BACKFILL_BATCH = 1000

_QUOTES = str.maketrans(
    {
        "\u2018": "'",  # ‘ left single quotation mark
        "\u2019": "'",  # ’ right single quotation mark (the curly apostrophe)
        "\u201a": "'",  # ‚ single low-9 quotation mark
        "\u201b": "'",  # ‛ single high-reversed-9 quotation mark
        "\u02bc": "'",  # ʼ modifier letter apostrophe
        "\u2032": "'",  # ′ prime
        "\u0060": "'",  # ` grave accent, typed as an apostrophe
        "\u00b4": "'",  # ´ acute accent, typed as an apostrophe
        "\u201c": '"',  # “ left double quotation mark
        "\u201d": '"',  # ” right double quotation mark
        "\u201e": '"',  # „ double low-9 quotation mark
        "\u201f": '"',  # ‟ double high-reversed-9 quotation mark
        "\u2033": '"',  # ″ double prime
    }
)


def fold(text: str) -> str:
    """The form text is searched in: case-folded, without accents, with straight quotes ("Café’s" -> "cafe's")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return plain.casefold().translate(_QUOTES)


def words(q: str) -> list[str]:
    """The words of a search, folded, at most MAX_WORDS of them."""
    return fold(q).split()[:MAX_WORDS]


def search(queryset: QuerySet[Any], q: str, *columns: str, also: Callable[[str], Q] | None = None) -> QuerySet[Any]:
    """Keep the rows in which every word of ``q`` is in one of ``columns`` (hidden search columns, or lookups that
    end in one, like ``"service__search_key"``), or matches ``also(word)``, a condition of the caller's own."""
    for word in words(q):
        condition = Q()
        for column in columns:
            condition |= Q(**{f"{column}__contains": word})
        if also is not None:
            condition |= also(word)
        queryset = queryset.filter(condition)
    return queryset


def folded(instance: Any, fields: Iterable[str]) -> str:
    """The hidden column's value for these fields of a record."""
    return "\n".join(fold(str(getattr(instance, name) or "")) for name in fields)


class Searchable(models.Model):
    """A record whose list is searched: keeps ``search_text`` (and any other column named in ``search_columns``)."""

    search_text = models.TextField(blank=True, default="", editable=False)

    # column -> the fields it folds; a subclass names its own (and declares any column beyond search_text).
    search_columns: ClassVar[dict[str, tuple[str, ...]]] = {}

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_search_columns()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            wanted = set(update_fields)
            kwargs["update_fields"] = wanted | {
                column for column, fields in self.search_columns.items() if wanted & set(fields)
            }
        super().save(*args, **kwargs)

    def refresh_search_columns(self) -> None:
        for column, fields in self.search_columns.items():
            setattr(self, column, folded(self, fields))


def refresh_for_bulk(objs: Iterable[Any], fields: Iterable[str] | None = None) -> set[str]:
    """Fill the search columns of records about to be written in bulk; the columns a bulk update must add."""
    changed = None if fields is None else set(fields)
    columns: set[str] = set()
    for obj in objs:
        if isinstance(obj, Searchable):
            obj.refresh_search_columns()
            columns |= {
                column for column, searched in obj.search_columns.items() if changed is None or changed & set(searched)
            }
    return columns


def backfill(app_label: str, model_name: str, columns: dict[str, tuple[str, ...]]) -> migrations.RunPython:
    """A data migration that fills the hidden search columns of the rows that exist (the columns as they were
    when the migration was written: pass them in, never read them from today's model)."""
    wanted = sorted({name for fields in columns.values() for name in fields})

    def forwards(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        rows = model._base_manager.only("pk", *wanted).order_by("pk")
        batch: list[Any] = []
        for row in rows.iterator(chunk_size=BACKFILL_BATCH):
            for column, fields in columns.items():
                setattr(row, column, folded(row, fields))
            batch.append(row)
            if len(batch) >= BACKFILL_BATCH:
                model._base_manager.bulk_update(batch, list(columns))
                batch = []
        if batch:
            model._base_manager.bulk_update(batch, list(columns))

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)
