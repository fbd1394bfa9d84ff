"""What the browser tests share: page loads that are always checked with axe-core and for anything the
Content-Security-Policy refused (commissioning/core/csp.py), and signing in."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import ConsoleMessage, Locator, Page, Request, Response

from commissioning.accounts.models import User
from tests.factories import TEST_PASSWORD

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = frozenset({"serious", "critical"})
# Colour contrast is axe-core's slowest rule by far (about two thirds of a check on a page with a table). What it finds
# comes from a kind of page's template and the stylesheet, not from the records shown, so it runs the first time each
# kind of page (its path with every number as {n}: /reviews/{n}/edit) is checked in a test process, and every other
# rule runs on every page load, error pages and forms with their errors included.
CONTRAST_RULE = "color-contrast"
_kinds_contrast_checked: set[str] = set()
# What axe-core finds depends on the document's elements, their attributes and whether they hold text, not on what the
# text says or which record a link goes to. A journey loads the same kind of page in the same shape many times (the
# list after each save, the record after each change), so a document whose shape (below) was already checked in this
# process is not checked again; a new state of a page (an error summary, a banner, one more column) is a new shape
# and is checked. every_rule=True checks regardless.
SHAPE_JS = """() => {
  const kept = /^(class|id|for|role|type|name|scope|headers|lang|tabindex|disabled|hidden|alt|title|autocomplete)$/;
  const parts = [];
  for (const element of document.querySelectorAll("*")) {
    const attributes = [];
    for (const attribute of element.attributes) {
      const name = attribute.name;
      if (name === "nonce" || name === "value" || name === "content") continue;
      const value = attribute.value.replace(/[0-9]+/g, "n");
      if (kept.test(name) || name.startsWith("aria-")) attributes.push(name + "=" + value);
      else if (name === "href") attributes.push(value.startsWith("#") ? "href=" + value : "href");
      else attributes.push(name);
    }
    const text = Array.from(element.childNodes).some((node) => node.nodeType === 3 && node.textContent.trim());
    parts.push(element.tagName + "[" + attributes.join(" ") + "]" + (text ? "t" : ""));
  }
  const shape = parts.join("|");
  let hash = 0x811c9dc5;
  for (let i = 0; i < shape.length; i++) { hash ^= shape.charCodeAt(i); hash = Math.imul(hash, 0x01000193); }
  return (hash >>> 0).toString(16) + ":" + parts.length + ":" + shape.length;
}"""
_shapes_checked: set[str] = set()
# Every document reports what its policy refused on the console: Chromium says so itself ("... violates the following
# Content Security Policy directive ..."), and this listener, added before any of the page's own code runs, says
# which directive and where.
CSP_VIOLATION = "CSP violation:"
CSP_LISTENER = f"""
document.addEventListener("securitypolicyviolation", (event) => {{
  console.error(`{CSP_VIOLATION} ${{event.violatedDirective}} refused ${{event.blockedURI || "inline code"}}`
    + ` at ${{event.sourceFile}}:${{event.lineNumber}} ${{event.sample}}`);
}}, true);
"""


def is_csp_violation(message: ConsoleMessage) -> bool:
    return message.type == "error" and (
        message.text.startswith(CSP_VIOLATION) or "Content Security Policy" in message.text
    )


@cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8") + "\n;undefined"


def page_kind(url: str) -> str:
    """A page's kind: its path with every number as {n} (the same template, whichever record it shows)."""
    return re.sub(r"\d+", "{n}", urlsplit(url).path)


def axe_violations(page: Page, *, every_rule: bool = False) -> list[dict[str, Any]]:
    """Run axe-core on the page's current document and return its violations (every impact). Colour contrast is
    checked once per kind of page in this process (see CONTRAST_RULE) unless every_rule is asked for."""
    if not AXE_JS.exists():
        raise AssertionError(f"{AXE_JS} is missing: run `npm ci` to install axe-core")
    kind = page_kind(page.url)
    shape = f"{kind} {page.evaluate(SHAPE_JS)}"
    if not every_rule and shape in _shapes_checked:
        return []  # this document's shape was checked already in this process (SHAPE_JS)
    contrast = every_rule or kind not in _kinds_contrast_checked
    options = (
        "{resultTypes: ['violations']"
        + ("" if contrast else f", rules: {{'{CONTRAST_RULE}': {{enabled: false}}}}")
        + "}"
    )
    # Evaluated through the DevTools protocol, which the page's policy does not govern (a <script> tag would need
    # the page's nonce).
    page.evaluate(_axe_source())
    results: dict[str, Any] = page.evaluate(f"() => axe.run(document, {options})")
    if contrast:
        _kinds_contrast_checked.add(kind)
    _shapes_checked.add(shape)
    return list(results["violations"])


def format_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{len(violations)} serious or critical accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            lines.append(f"    at {node['target']}: {node.get('failureSummary', '').strip()}")
    return "\n".join(lines)


def assert_accessible(page: Page, *, every_rule: bool = False) -> None:
    """No serious or critical axe-core violations on the current document."""
    blocking = [v for v in axe_violations(page, every_rule=every_rule) if v.get("impact") in BLOCKING_IMPACTS]
    assert not blocking, format_violations(page.url, blocking)


@dataclass
class Browsing:
    """A page on the live server. Load pages through goto() and click_to_load() so that each one is checked."""

    page: Page
    base_url: str
    loads: list[str] = field(default_factory=list)
    checked: set[int] = field(default_factory=set)
    static_failures: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.add_init_script(script=CSP_LISTENER)
        self.page.on("domcontentloaded", self._loaded)
        self.page.on("response", self._response)
        self.page.on("requestfailed", self._request_failed)
        self.page.on("console", self._console)

    def _console(self, message: ConsoleMessage) -> None:
        if is_csp_violation(message):
            self.csp_violations.append(f"{self.page.url}: {message.text}")

    def _loaded(self, page: Page) -> None:
        self.loads.append(page.url)

    def _response(self, response: Response) -> None:
        if "/static/" in response.url and response.status >= 400:
            self.static_failures.append(f"{response.status} {response.url}")

    def _request_failed(self, request: Request) -> None:
        # A load the browser gave up because the page moved on (net::ERR_ABORTED: a click or sign-out navigated while
        # the icon was still coming) is not a missing file; a missing one fails with its status in _response.
        if "/static/" in request.url and "ERR_ABORTED" not in (request.failure or ""):
            self.static_failures.append(f"{request.failure} {request.url}")

    def check(self, *, accessibility: bool = True) -> None:
        """Check the page's current document with axe-core, and that the Content-Security-Policy refused nothing
        (goto and click_to_load do this for you). ``accessibility=False`` is for Django's own admin pages only: their
        markup is Django's, not ours to fix (the user form's widgets fail axe's label rules)."""
        assert self.loads, "no page has loaded yet"
        if accessibility:
            assert_accessible(self.page)
        self.assert_nothing_refused()
        self.checked.add(len(self.loads) - 1)

    def goto(self, path: str, *, status: int = 200, accessibility: bool = True) -> Response:
        response = self.page.goto(path)
        assert response is not None, f"no response for {path}"
        assert response.status == status, f"{path} answered {response.status}, expected {status}"
        self.check(accessibility=accessibility or not path.startswith("/admin/"))
        return response

    def click_to_load(self, target: Locator, *, status: int = 200) -> Response:
        """Click something that loads a new page (a link, or a form's submit button), then check that page."""
        with self.page.expect_navigation() as navigation:
            target.click()
        response = navigation.value
        assert response is not None, f"no response after clicking {target}"
        assert response.status == status, f"{response.url} answered {response.status}, expected {status}"
        self.check()
        return response

    def assert_every_page_checked(self) -> None:
        unchecked = [url for index, url in enumerate(self.loads) if index not in self.checked]
        assert not unchecked, f"pages loaded but never checked with axe-core: {unchecked}"

    def assert_nothing_refused(self) -> None:
        """Nothing on any page so far broke the Content-Security-Policy."""
        assert not self.csp_violations, "the Content-Security-Policy refused:\n" + "\n".join(self.csp_violations)

    def assert_static_files_served(self) -> None:
        assert not self.static_failures, f"static files failed to load: {self.static_failures}"


def sign_in(browsing: Browsing, user: User, password: str = TEST_PASSWORD) -> Response:
    """Sign in through the form, as a person would."""
    page = browsing.page
    browsing.goto("/sign-in")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    return browsing.click_to_load(page.get_by_role("button", name="Sign in"))


def menu_link(page: Page, name: str) -> Locator:
    """A link in the header's service navigation: a group (commissioning.registry.Group), or the user's name."""
    return page.get_by_label("Menu").get_by_role("link", name=name, exact=True)


def open_from_menu(browsing: Browsing, group: str, item: str | None = None) -> Response:
    """Follow the navigation as a person would: a group in the header, then an item on the group's page (a group
    with one item for the user leads straight to it)."""
    response = browsing.click_to_load(menu_link(browsing.page, group))
    if item is not None:
        items = browsing.page.get_by_test_id("group-items")
        response = browsing.click_to_load(items.get_by_role("link", name=item, exact=True))
    return response


def open_own_page(browsing: Browsing, item: str) -> Response:
    """Follow the user's name in the header to their own pages, then one of them."""
    browsing.click_to_load(browsing.page.get_by_test_id("account"))
    items = browsing.page.get_by_test_id("group-items")
    return browsing.click_to_load(items.get_by_role("link", name=item, exact=True))
