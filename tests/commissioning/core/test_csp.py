"""The Content-Security-Policy (commissioning/core/csp.py): a strict policy on every HTML page, and pages it allows.

The pages are found by following links on the seeded demo council, as each of a few roles, one page for each route
(and for each kind of admin page), so a new page is checked as soon as something links to it. Each must carry the
policy, and its HTML must have no inline script or style without the request's nonce, no event handler attribute,
no style attribute and no ``javascript:`` link: the browser would refuse them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import Resolver404, path, resolve, reverse

from commissioning.accounts.models import User
from commissioning.core import charts, csp
from config import urls as config_urls
from tests.commissioning.imports.factories import ImportJobFactory
from tests.demo import DemoCouncil

# The policy and the HTML a page is sent with are the same whatever the database: .ci/run checks them once, on SQLite.
pytestmark = [pytest.mark.django_db, pytest.mark.database_independent]

UNSAFE_SOURCES = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'strict-dynamic'", "*", "data:", "http:")


def directives(header: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            found[words[0]] = words[1:]
    return found


def assert_strict(header: str) -> str:
    """The policy is strict; returns its nonce."""
    policy = directives(header)
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["font-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    nonces = set()
    for name in ("script-src", "style-src"):
        sources = policy[name]
        assert sources[0] == "'self'", header
        assert len(sources) == 2, header
        assert sources[1].startswith("'nonce-"), header
        assert not any(unsafe in sources for unsafe in UNSAFE_SOURCES), header
        nonces.add(sources[1][len("'nonce-") : -1])
    for name in ("script-src-attr", "style-src-attr", "script-src-elem", "style-src-elem"):
        assert name not in policy, header
    assert len(nonces) == 1
    nonce = nonces.pop()
    assert len(nonce) >= 22
    assert re.fullmatch(r"[\w-]+", nonce)
    return nonce


class InlineCode(HTMLParser):
    """What the policy would refuse in a page, given its nonce."""

    def __init__(self, nonce: str) -> None:
        super().__init__()
        self.nonce = nonce
        self.refused: list[str] = []
        self.nonced = 0
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.refused.append(f"<{tag} {name}=...>: an inline event handler")
            if name == "style":
                self.refused.append(f'<{tag} style="{value}">: a style attribute')
            if name in {"href", "src", "action", "formaction"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.refused.append(f"<{tag} {name}={value}>: a javascript: URL")
        inline = tag == "style" or (tag == "script" and "src" not in attributes)
        if inline:
            if attributes.get("nonce") == self.nonce:
                self.nonced += 1
            else:
                self.refused.append(f"<{tag} {attrs}>: inline without this request's nonce")
        if tag == "a" and attributes.get("href"):
            self.links.append(str(attributes["href"]))


def assert_allowed(response: HttpResponse, what: str) -> InlineCode:
    """The response is an HTML page with a strict policy, and nothing in it that the policy refuses."""
    assert response["Content-Type"].startswith("text/html"), what
    assert csp.HEADER in response, f"{what} has no {csp.HEADER}"
    nonce = assert_strict(response[csp.HEADER])
    page = InlineCode(nonce)
    page.feed(response.content.decode())
    assert not page.refused, f"{what}: {page.refused}"
    return page


def route_of(path: str) -> str | None:
    """The kind of page a path is: its route's name (admin pages: admin plus what the page does)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    name = match.view_name
    if name.startswith("admin:") and "_" in name:
        return "admin:" + name.rsplit("_", 1)[1]
    return name


def crawl(client: Client, start: list[str], *, limit: int = 400) -> Iterator[tuple[str, str, HttpResponse]]:
    """(route, path, response) for the first page found of each route, following links from the start pages."""
    queue = list(start)
    seen_routes: set[str] = set()
    seen_paths: set[str] = set()
    while queue and len(seen_paths) < limit:
        path = urldefrag(queue.pop(0)).url
        parts = urlsplit(path)
        if parts.netloc or parts.scheme or not parts.path.startswith("/") or path in seen_paths:
            continue
        route = route_of(parts.path)
        if route is None or route in seen_routes or route == "admin:logout":
            continue
        seen_paths.add(path)
        seen_routes.add(route)
        response = client.get(path)
        yield route, path, response
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            page = InlineCode("")
            page.feed(response.content.decode())
            queue.extend(page.links)


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


@pytest.mark.slow
def test_every_kind_of_page_has_a_strict_policy_that_its_html_keeps(demo_district: DemoCouncil) -> None:
    visited: dict[str, str] = {}
    problems: list[str] = []
    for who, start in [
        (None, ["/", "/sign-in", "/services/", "/wards/"]),
        ("officer", ["/", "/imports/"]),
        ("councillor", ["/"]),
        ("admin", ["/", "/admin/", f"/admin/accounts/user/{User.objects.get(username='officer').pk}/change/"]),
    ]:
        client = signed_in(who) if who else Client()
        for route, address, response in crawl(client, start):
            if response.status_code in {301, 302}:
                continue
            if response["Content-Type"].startswith("text/html"):
                try:
                    assert_allowed(response, f"{address} as {who or 'a resident'} ({response.status_code})")
                except AssertionError as refused:
                    problems.append(str(refused).splitlines()[0])
                visited.setdefault(route, address)
            else:
                # CSV, Excel, PDF, JSON and the like run nothing: no policy needed.
                assert csp.HEADER not in response, address
    kinds = {
        "list": "services:list",
        "detail": "services:detail",
        "form": "services:edit",
        "history": "services:history",
        "charts": "outcomes:indicator-detail",
        "evidence pack": "outcomes:evidence-pack",
        "business case": "appraisals:business-case",
        "sign-in": "accounts:sign-in",
        "admin index": "admin:index",
        "admin list": "admin:changelist",
        "admin form": "admin:change",
        "admin history": "admin:history",
    }
    assert not problems, "\n".join(problems)
    missing = {kind: route for kind, route in kinds.items() if route not in visited}
    assert not missing, f"not reached by following links: {missing}; reached {sorted(visited)}"


def test_error_pages_and_a_failed_sign_in_keep_the_policy(client_for, council) -> None:
    assert_allowed(client_for("officer").get("/no-such-page/"), "404")
    assert client_for("officer").get("/no-such-page/").status_code == 404
    refused = client_for("provider").get("/admin/")
    assert refused.status_code in {302, 403}
    forbidden = client_for("provider").get("/imports/")
    assert forbidden.status_code == 403
    assert_allowed(forbidden, "403")
    failed = Client().post("/sign-in", {"username": "nobody", "password": "wrong-password"})
    assert failed.status_code == 200
    assert_allowed(failed, "a sign-in with errors")


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a page that fails")


urlpatterns = [path("boom/", boom), *config_urls.urlpatterns]
handler500 = "commissioning.core.views.server_error"


@pytest.mark.urls("tests.commissioning.core.test_csp")
def test_the_server_error_page_keeps_the_policy(council) -> None:
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert_allowed(response, "500")


def test_a_running_import_draws_its_progress_bar_without_a_style_attribute(client_for, council) -> None:
    """The bar's width comes from imports.css by its data-percent (and from progress.js through the CSSOM, which the
    policy allows)."""
    job = ImportJobFactory(running=True, created_by=User.objects.get(username="finance"))
    response = client_for("finance").get(reverse("imports:detail", args=[job.pk]))
    page = assert_allowed(response, "a running import")
    assert page.nonced == 1  # GOV.UK's script
    assert 'data-part="bar" data-percent="25"' in response.content.decode()
    stylesheet = Path(str(finders.find("imports/imports.css"))).read_text()
    for percent in range(101):
        assert f'.imports-progress__bar[data-percent="{percent}"] {{ width: {percent}%; }}' in stylesheet


def test_each_request_has_its_own_nonce_and_govuk_s_script_carries_it(client_for, council) -> None:
    first, second = (Client().get("/sign-in") for _ in range(2))
    nonces = [assert_strict(response[csp.HEADER]) for response in (first, second)]
    assert nonces[0] != nonces[1]
    html = first.content.decode()
    assert f"<script nonce=\"{nonces[0]}\">document.body.className += ' js-enabled'" in html
    assert assert_allowed(first, "sign-in").nonced >= 1


def test_json_and_files_get_no_policy(client_for, council) -> None:
    health = Client().get("/healthz")
    assert health["Content-Type"].startswith("application/json")
    assert csp.HEADER not in health
    export = client_for("officer").get(reverse("services:export-csv"))
    assert export.status_code == 200
    assert csp.HEADER not in export


def test_a_template_rendered_without_a_request_has_no_nonce() -> None:
    from django.template import engines

    template = engines["jinja2"].from_string('<style nonce="{{ csp_nonce() }}"></style>')
    assert template.render({}) == '<style nonce=""></style>'


# Charts ------------------------------------------------------------------------------------------------------------


def _drawn() -> charts.Chart:
    fig, axes = charts.figure()
    with charts.drawing():
        axes.plot([1, 2, 3], [3, 1, 2], label="Actual", linestyle="--", marker="o")
        axes.bar([1, 2], [2, 3], hatch="//", alpha=0.5)
        axes.set_title("Title")
        axes.legend()
        axes.annotate("Note", (2, 2), fontweight="bold", fontstyle="italic")
    return charts.to_svg(fig, key="chart-test", title="Test")


def test_a_chart_has_no_inline_css_and_keeps_its_look_in_attributes() -> None:
    svg = _drawn().svg
    assert "<style" not in svg
    assert " style=" not in svg
    assert svg.startswith('<svg stroke-linejoin="round" stroke-linecap="butt" role="img"')
    for attribute in ('font-family="', 'text-anchor="middle"', 'fill="#0b0c0c"', 'stroke-dasharray="'):
        assert attribute in svg
    assert charts.presentation_attributes(svg) == svg


def test_a_chart_kept_from_before_renders_without_inline_css() -> None:
    """A submitted business case keeps the SVG it was drawn with; charts drawn before the policy had inline CSS."""
    old = (
        '<svg role="img" class="council-chart" style="max-width: 100%" width="10pt">\n <defs>\n'
        '  <style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style>\n </defs>\n'
        ' <path d="M 0 0 L 1 1" fill="red" style="fill: #0b0c0c; stroke: #0b0c0c; stroke-width: 0.8"/>\n'
        ' <text x="1" style="font-size: 10px; font-family: \'Arial\', sans-serif; text-anchor: end">£5k</text>\n'
        "</svg>"
    )
    html = charts.Chart(key="old", title="Old", svg=old).__html__()
    assert html == (
        '<svg stroke-linejoin="round" stroke-linecap="butt" role="img" class="council-chart" width="10pt">\n'
        " <defs>\n </defs>\n"
        ' <path d="M 0 0 L 1 1" fill="#0b0c0c" stroke="#0b0c0c" stroke-width="0.8"/>\n'
        ' <text x="1" font-size="10px" font-family="\'Arial\', sans-serif" text-anchor="end">£5k</text>\n'
        "</svg>"
    )


def test_css_that_svg_takes_only_as_a_style_is_refused_when_a_chart_is_drawn() -> None:
    svg = '<svg width="1"><path d="M 0 0" style="mix-blend-mode: multiply"/></svg>'
    with pytest.raises(ValueError, match="mix-blend-mode"):
        charts.presentation_attributes(svg)
    assert charts.presentation_attributes(svg, strict=False) == '<svg width="1"><path d="M 0 0"/></svg>'
