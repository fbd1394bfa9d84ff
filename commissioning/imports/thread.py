"""What imports add to other apps' pages (commissioning.core.thread): the failed imports on their uploader's home page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from commissioning.core import formatting
from commissioning.core.thread import ThreadSection, work_list
from commissioning.imports import selectors


def failed_imports_on_home(user: Any, record: Any) -> ThreadSection | None:
    """The home page's place (core.thread.HOME_KEY): the user's own imports that failed lately (two queries)."""
    failed = selectors.failed_imports(user=user)
    if not failed.total:
        return None
    return work_list(
        key="failed-imports",
        heading="Imports that failed",
        sample=failed,
        entry=lambda job: (
            job.filename,
            reverse("imports:detail", args=[job.pk]),
            f"{job.get_kind_display()}, {formatting.datetime(job.created_at)}",
        ),
        more_href=reverse("imports:list") + "?status=failed&mine=on",
        more_text="See all your imports that failed",
    )
