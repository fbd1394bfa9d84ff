"""The shared chart and PDF helpers in commissioning.core that the evidence pack uses (and other apps may)."""

from __future__ import annotations

import pytest

from commissioning.core import charts, pdf


def test_the_pdf_fetcher_refuses_everything_but_data_uris():
    fetcher = pdf._fetcher()
    for url in ["file:///etc/hostname", "http://127.0.0.1:9/x.css", "https://example.org/font.woff"]:
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher.fetch(url)
    response = fetcher.fetch("data:text/plain;base64,aGk=")
    assert response.read() == b"hi"


def test_a_document_that_names_local_files_and_urls_still_prints_without_them():
    html = (
        '<html><body><h1>Test</h1><img src="file:///etc/hostname" alt="x">'
        '<link rel="stylesheet" href="http://127.0.0.1:9/evil.css"><p>Body text</p></body></html>'
    )
    content = pdf.html_to_pdf(html)
    assert content.startswith(b"%PDF")


def test_the_same_figure_gives_the_same_svg():
    def draw() -> str:
        fig, axes = charts.figure(2)
        axes.plot([1, 2, 3], [3, 1, 2], color=charts.DARK_BLUE)
        return charts.to_svg(fig, key="chart-test", title="A test chart").svg

    first, second = draw(), draw()
    assert first == second
    assert 'id="chart-test-1"' in first
    assert 'aria-label="A test chart. The figures are in the table beside the chart."' in first


@pytest.mark.parametrize(
    ("value", "label"),
    [(250_000, "£250k"), (1_250_000, "£1.25m"), (-1_200_000, "\u2212£1.2m"), (85, "£85"), (2.5, "£2.50"), (0, "£0")],
)
def test_money_axis_labels(value, label):
    assert charts.money_axis(value) == label
