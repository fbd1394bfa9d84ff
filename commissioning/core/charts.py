"""Charts as inline SVG, drawn with matplotlib's Agg backend: the shared look and the one way to turn a figure into
markup that a page and a PDF can both show.

- Deterministic: the same figures give the same bytes on every render and every machine with the same fonts
  (``svg.hashsalt`` is fixed, the metadata has no date, and element ids are renumbered from the chart's key).
- No network and no files: text stays text in the SVG (``svg.fonttype`` none) in Arial, or Liberation Sans (the
  same metrics), or DejaVu Sans, so the page and the PDF use the machine's fonts and nothing is fetched.
- Accessible: each chart carries role="img" and a label, and every page that shows one puts a table of its figures
  beside it (DESIGN.md: "charts have a table beside them").
- Safe with several threads: nothing here uses pyplot or its global figure manager; each chart is its own Figure,
  and the shared look is applied with ``drawing()`` (a context), never by changing matplotlib's global settings.
- The same shape on a page and in a PDF: the SVG keeps its width and height and is only capped at its container's
  width (``max-width: 100%``). WeasyPrint draws an inline SVG styled ``height: auto`` as a square, so that rule is
  for screens only: pages that show charts include ``core/_chart_style.html``, and PDFs leave the height alone.
- No inline CSS, which the pages' Content-Security-Policy refuses (``commissioning.core.csp``): matplotlib's style
  attributes become SVG presentation attributes, its one ``<style>`` rule (round joins, butt caps for every element)
  becomes attributes of the ``<svg>`` that every element inherits, and the size rules above come from the class
  ``council-chart`` (``presentation_attributes``).

Colours are the GOV.UK palette the council's pages use.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps
from typing import Any, ParamSpec, TypeVar, cast

import matplotlib

matplotlib.use("Agg")

from django.core.cache import caches
from matplotlib.figure import Figure

BLACK = "#0b0c0c"
BLUE = "#1d70b8"
DARK_BLUE = "#003078"
GREEN = "#00703c"
RED = "#d4351c"
ORANGE = "#f47738"
YELLOW = "#ffdd00"
PURPLE = "#4c2c92"
TURQUOISE = "#28a197"
GREY = "#505a5f"
LIGHT_GREY = "#b1b4b6"
PALE_GREEN = "#cce2d8"
PALE_AMBER = "#fff7bf"
PALE_RED = "#f6d7d2"
SERIES = [DARK_BLUE, ORANGE, TURQUOISE, PURPLE, GREEN, RED, GREY, BLUE]
FONTS = ["Arial", "Liberation Sans", "DejaVu Sans"]
WIDTH_INCHES = 6.4
HASH_SALT = "commissioning-platform"

STYLE: Any = {
    "font.family": "sans-serif",
    "font.sans-serif": FONTS,
    "font.size": 10,
    "svg.fonttype": "none",
    "svg.hashsalt": HASH_SALT,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": GREY,
    "axes.labelcolor": BLACK,
    "xtick.color": BLACK,
    "ytick.color": BLACK,
    "text.color": BLACK,
    "axes.titlesize": 11,
    "legend.frameon": False,
}


# The CSS properties matplotlib writes in style attributes that SVG also takes as presentation attributes (SVG 1.1,
# "Property index"). Any other is an error when a chart is drawn: a new matplotlib must not slip CSS past the policy.
PRESENTATION_PROPERTIES = frozenset(
    {
        "alignment-baseline",
        "baseline-shift",
        "clip-path",
        "clip-rule",
        "color",
        "display",
        "dominant-baseline",
        "fill",
        "fill-opacity",
        "fill-rule",
        "font-family",
        "font-size",
        "font-stretch",
        "font-style",
        "font-variant",
        "font-weight",
        "letter-spacing",
        "opacity",
        "stop-color",
        "stop-opacity",
        "stroke",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "stroke-opacity",
        "stroke-width",
        "text-anchor",
        "text-decoration",
        "visibility",
        "word-spacing",
    }
)
# What the class council-chart gives instead (core/_chart_style.html on pages, core/pdf_base.html in PDFs): charts
# drawn before the policy, kept in submitted business cases, carry it on their <svg>.
CLASS_PROPERTIES = frozenset({"max-width"})
# matplotlib's stylesheet: ``*{stroke-linejoin: round; stroke-linecap: butt}``.
ROOT_ATTRIBUTES = 'stroke-linejoin="round" stroke-linecap="butt"'
_STYLE_ELEMENT = re.compile(r"\s*<style[^>]*>.*?</style>", flags=re.DOTALL)
_TAG_WITH_STYLE = re.compile(r"<[A-Za-z][^<>]*?\sstyle=\"[^\"]*\"[^<>]*>")
_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')


def presentation_attributes(svg: str, *, strict: bool = True) -> str:
    """The SVG with no ``<style>`` element and no style attribute, and the same drawing.

    Each declaration of a style attribute becomes the presentation attribute of the same name (replacing one already
    there, as the style attribute outranked it). With ``strict``, a property SVG takes only as CSS is an error;
    without (charts drawn and kept earlier), it is left out. Running it again changes nothing.
    """
    text = svg
    if "<style" in text:
        text = _STYLE_ELEMENT.sub("", text)
        if ROOT_ATTRIBUTES not in text:
            text = re.sub(r"<svg(?=[\s>])", f"<svg {ROOT_ATTRIBUTES}", text, count=1)
    return _TAG_WITH_STYLE.sub(lambda found: _restyled(found.group(0), strict=strict), text)


def _restyled(tag: str, *, strict: bool) -> str:
    style = _STYLE_ATTRIBUTE.search(tag)
    assert style is not None
    rest = tag[: style.start()] + tag[style.end() :]
    for declaration in style.group(1).split(";"):
        if not declaration.strip():
            continue
        name, _, value = declaration.partition(":")
        name, value = name.strip().lower(), value.strip()
        if name in CLASS_PROPERTIES:
            continue
        if name not in PRESENTATION_PROPERTIES:
            if strict:
                raise ValueError(f"the chart has CSS that SVG takes only in a style attribute: {name}: {value}")
            continue
        value = value.replace('"', "'")
        existing = re.search(rf'\s{re.escape(name)}="[^"]*"', rest)
        if existing:
            rest = f'{rest[: existing.start()]} {name}="{value}"{rest[existing.end() :]}'
        else:
            end = len(rest) - (2 if rest.endswith("/>") else 1)
            rest = f'{rest[:end]} {name}="{value}"{rest[end:]}'
    return rest


@dataclass(frozen=True)
class Chart:
    """An inline SVG and the title that labels it; renders as the SVG itself in a Jinja template (without inline CSS,
    even when it was drawn before charts had none, as a submitted business case's may be)."""

    key: str
    title: str
    svg: str

    def __html__(self) -> str:
        return presentation_attributes(self.svg, strict=False)


@contextmanager
def drawing() -> Iterator[None]:
    """The shared look for everything drawn inside: wrap a chart's whole drawing in it, so that text added after
    ``figure()`` (labels, notes, legends) is in the council's font and sizes too."""
    with matplotlib.rc_context(STYLE):
        yield


P = ParamSpec("P")
T = TypeVar("T")


def drawn(draw: Callable[P, T]) -> Callable[P, T]:
    """Decorates a function that draws a chart, so that all of it is drawn inside ``drawing()``."""

    @wraps(draw)
    def in_style(*args: P.args, **kwargs: P.kwargs) -> T:
        with drawing():
            return draw(*args, **kwargs)

    return in_style


# Drawn charts are kept in Django's default cache (per-process memory unless settings configure a shared one), keyed
# by a fingerprint of what drew them: the drawing function, the figures passed to it, and the versions below. The same
# figures always draw the same SVG, so an entry can never be stale, only unused; CHARTS_VERSION changes when a chart's
# look changes, so a shared cache that outlives a deploy does not serve the old look.
CHARTS_VERSION = "1"
CACHE_SECONDS = 7 * 24 * 60 * 60
_MISSING = object()


def fingerprint(draw: Callable[..., Any], data: dict[str, Any]) -> str:
    """A cache key for ``draw(**data)``: a hash of the chart's kind (the function) and the repr of its figures, so the
    figures must be plain values whose repr says everything drawn from them (str, Decimal, numbers, tuples)."""
    kind = f"{draw.__module__}.{draw.__qualname__}"
    text = f"{CHARTS_VERSION}|{matplotlib.__version__}|{kind}|{sorted(data.items())!r}"
    return "chart:" + hashlib.sha256(text.encode()).hexdigest()


def cached(draw: Callable[..., T], /, **data: Any) -> T:
    """``draw(**data)``, drawn once for the same figures and then taken from the cache."""
    cache = caches["default"]
    key = fingerprint(draw, data)
    found = cache.get(key, _MISSING)
    if found is not _MISSING:
        return cast("T", found)
    chart = draw(**data)
    cache.set(key, chart, CACHE_SECONDS)
    return chart


def figure(
    height: float = 3.4, width: float = WIDTH_INCHES, *, margins: dict[str, float] | None = None
) -> tuple[Figure, Any]:
    """A new figure with one set of axes, in the shared style.

    With ``margins`` (fractions of the figure, as for ``Figure.subplots_adjust``) the axes sit where they say, which
    renders in about half the time; without, matplotlib's constrained layout fits everything in (it measures the
    text on an extra pass).
    """
    with drawing():
        fig = Figure(figsize=(width, height), layout=None if margins else "constrained")
        if margins:
            fig.subplots_adjust(**margins)
        axes = fig.add_subplot()
    return fig, axes


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def to_svg(
    fig: Figure, *, key: str, title: str, table_note: str = "The figures are in the table beside the chart."
) -> Chart:
    """The figure as an inline <svg> with role="img", a label, and ids unique to ``key`` (so several charts can share
    a page) and the same on every render."""
    buffer = io.StringIO()
    with drawing():
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.DOTALL)
    ids: dict[str, str] = {}
    for found in re.findall(r'id="([^"]+)"', text):
        ids.setdefault(found, f"{key}-{len(ids) + 1}")
    text = re.sub(r'id="([^"]+)"', lambda m: f'id="{ids[m.group(1)]}"', text)
    text = re.sub(r"#([A-Za-z][\w-]*)\)", lambda m: f"#{ids.get(m.group(1), m.group(1))})", text)
    text = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{ids.get(m.group(1), m.group(1))}"', text)
    label = f"{title}. {table_note}".strip()
    text = text.replace(
        "<svg ",
        f'<svg role="img" aria-label="{_escape(label)}" class="council-chart" focusable="false" ',
        1,
    )
    return Chart(key=key, title=title, svg=presentation_attributes(text))


def money_axis(value: float, _position: Any = None) -> str:
    """Axis labels in pounds: £250k, −£1.2m (a true minus sign), £85."""
    sign = "\u2212" if value < 0 else ""
    size = abs(value)
    if size >= 1_000_000:
        return f"{sign}£{_trim(size / 1_000_000, 2)}m"
    if size >= 1_000:
        return f"{sign}£{_trim(size / 1_000, 1)}k"
    if size >= 10 or size == int(size):
        return f"{sign}£{size:,.0f}"
    return f"{sign}£{size:,.2f}"


def _trim(number: float, places: int) -> str:
    return f"{number:,.{places}f}".rstrip("0").rstrip(".")


def short(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
