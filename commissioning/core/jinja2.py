"""The Jinja2 environment: GOV.UK Frontend macros, our templates, and the helpers pages use."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader, Undefined
from markupsafe import Markup

from commissioning.core import csp, formatting, forms_govuk, thread
from commissioning.core.concurrency import TOKEN_FIELD, VERSION_FIELD


def _app_template_dirs() -> list[str]:
    dirs = []
    for config in apps.get_app_configs():
        if config.name.startswith("commissioning."):
            candidate = Path(config.path) / "templates"
            if candidate.is_dir():
                dirs.append(str(candidate))
    return dirs


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def query_with(request: Any, **changes: Any) -> str:
    """The current query string with some parameters changed (None removes one); used by sort and page links."""
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


def has_perm(user: Any, perm: str, obj: Any = None) -> bool:
    return bool(user.has_perm(perm, obj))


def form_guard(form: Any) -> Markup:
    """The hidden fields that guard a form: the record's version (edit forms), the one-time token (create forms)."""
    return Markup("".join(str(form[name]) for name in (VERSION_FIELD, TOKEN_FIELD) if name in form.fields))  # noqa: S704 - Django renders and escapes the inputs


def money_range(low: Any, high: Any, whole: bool = True) -> Markup:
    """A range of money that never breaks across lines: "−£3,333,921 to −£3,037,491"."""
    return Markup('<span class="council-nowrap">{}</span>').format(formatting.money_range(low, high, whole=whole))


def environment(**options: Any) -> Environment:
    options.pop("loader", None)
    options.setdefault("undefined", Undefined)
    options.pop("autoescape", None)
    env = Environment(
        loader=ChoiceLoader(
            [
                FileSystemLoader(_app_template_dirs()),
                # The GOV.UK macros import each other as "govuk_frontend_jinja/components/...".
                PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja", "templates")}),
            ]
        ),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        **options,
    )
    env.globals.update(
        {
            "url": url,
            "static": static,
            "has_perm": has_perm,
            "query_with": query_with,
            "get_messages": get_messages,
            "now": timezone.now,
            "govuk_field_params": forms_govuk.field_params,
            "error_summary_params": forms_govuk.error_summary_params,
            "urlencode": urlencode,
            "golden_thread": thread.sections,
            "form_guard": form_guard,
            "csp_nonce": csp.csp_nonce,
            "money_range": money_range,
        }
    )
    env.filters.update(
        {
            "money": formatting.money,
            "money_whole": formatting.money_whole,
            "number": formatting.number,
            "date": formatting.date,
            "datetime": formatting.datetime,
            "yesno": formatting.yesno,
        }
    )
    return env
