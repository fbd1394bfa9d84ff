"""The Analyse pages: RAG status and direction of travel as the engine works them out, where the council sits among
its comparators, the golden thread between services, outcomes and indicators, and the evidence pack and its PDF."""

from __future__ import annotations

import dataclasses
import io
import re
from decimal import Decimal
from unittest import mock

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from matplotlib.figure import Figure
from pypdf import PdfReader

from commissioning.core import pdf, thread
from commissioning.core.permissions import Role
from commissioning.core.thread import EVIDENCE_PACK_KEY, ThreadSection
from commissioning.outcomes import charts, selectors
from engine.scoring.benchmarks import ComparatorGroup, benchmark_position, unit_cost_position
from engine.scoring.indicators import Polarity
from engine.scoring.rag import Basis, Margin, rag_status, travel
from tests.commissioning.outcomes.factories import (
    BenchmarkFactory,
    ComparatorFactory,
    ComparatorGroupFactory,
    ConsultationFactory,
    EvidenceFactory,
    IndicatorFactory,
    MeasurementFactory,
    OutcomeFactory,
    TargetFactory,
    UnitCostBenchmarkFactory,
)
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db
D = Decimal
COMPARATORS = {"E07000801": "60", "E07000802": "70", "E07000803": "80", "E07000804": "90"}
UNIT_COSTS = {"E07000801": "200.00", "E07000802": "220.00", "E07000803": "300.00", "E07000804": "400.00"}


@pytest.fixture
def world(council):
    service = ServiceFactory(name="Homelessness prevention", reference="CMH-001")
    outcome = OutcomeFactory(name="Fewer households become homeless", services=[service])
    draft_outcome = OutcomeFactory(name="Draft outcome about housing", unpublished=True, services=[service])
    indicator = IndicatorFactory(
        code="HOM-01", name="Households prevented from becoming homeless", outcome=outcome, services=[service]
    )
    hidden = IndicatorFactory(code="HOM-02", name="Unpublished housing indicator", unpublished=True, services=[service])
    for period, value in [("2024/25 Q4", "70"), ("2025/26 Q3", "74"), ("2025/26 Q4", "78")]:
        MeasurementFactory(indicator=indicator, period=period, value=D(value), note=f"Note for {period}")
    MeasurementFactory(indicator=hidden, period="2025/26 Q4", value=D("12"))
    TargetFactory(indicator=indicator, period="2025/26 Q4", target=D("80"), tolerance_basis="absolute", tolerance=D(5))
    TargetFactory(indicator=indicator, period="2025/26 Q3", target=D("72"), tolerance_basis="", tolerance=None)
    group = ComparatorGroupFactory(council=council, name="Testshire nearest neighbours")
    for position, code in enumerate(COMPARATORS, start=1):
        ComparatorFactory(group=group, ons_code=code, name=f"Neighbour {position} Borough Council", position=position)
    BenchmarkFactory(indicator=indicator, year="2025/26", ons_code=council.ons_code, value=D("78"))
    for code, value in COMPARATORS.items():
        BenchmarkFactory(indicator=indicator, year="2025/26", ons_code=code, value=D(value))
    for code, cost in UNIT_COSTS.items():
        UnitCostBenchmarkFactory(service=service, year=service.budget_year, ons_code=code, unit_cost=D(cost))
    evidence = EvidenceFactory(title="Homelessness review 2025", service=service)
    consultation = ConsultationFactory(title="Consultation on housing advice", service=service, responses=412)
    return {
        "service": service,
        "outcome": outcome,
        "draft_outcome": draft_outcome,
        "indicator": indicator,
        "hidden": hidden,
        "council": council,
        "evidence": evidence,
        "consultation": consultation,
    }


def text_of(content: bytes) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content.decode())).replace("&#39;", "'")


def expected_latest():
    """What the engine says about 2025/26 Q4: 78 against a target of 80 with 5 points' tolerance."""
    values = {"2024/25 Q4": D(70), "2025/26 Q3": D(74), "2025/26 Q4": D(78)}
    status = rag_status(
        value=D(78), target=D(80), polarity=Polarity.HIGHER_IS_BETTER, tolerance=Margin(Basis.ABSOLUTE, D(5))
    )
    moved = travel(values=values, period="2025/26 Q4", polarity=Polarity.HIGHER_IS_BETTER)
    return status, moved


def test_the_indicator_page_shows_rag_and_travel_as_the_engine_works_them_out(client_for, world):
    status, moved = expected_latest()
    assert (status.label, moved.against_previous.direction.label) == ("Amber", "Improving")
    response = client_for(Role.OFFICER).get(reverse("outcomes:indicator-detail", args=[world["indicator"].pk]))
    content = response.content.decode()
    latest = content[content.index('data-testid="latest"') :][:1500]
    assert f'data-rag="{status.value}">{status.label}' in latest
    assert f'data-travel="{moved.against_previous.direction.value}"' in latest
    assert f'data-travel="{moved.against_year_ago.direction.value}"' in latest
    row = content[content.index('data-period="2025/26 Q4"') :].split("</tr>")[0]
    assert "78.0%" in row
    assert "80.0%" in row
    assert "Amber to 75.0%" in row
    assert 'data-rag="amber"' in row
    assert "Note for 2025/26 Q4" in row
    # 2025/26 Q3: 74 against 72 with no tolerance is Green; against 2025/26 Q2 (no value) it is not comparable.
    q3 = content[content.index('data-period="2025/26 Q3"') :].split("</tr>")[0]
    assert 'data-rag="green"' in q3
    assert 'data-travel="not_comparable"' in q3
    # The chart, and the table beside it.
    assert 'role="img"' in content
    assert 'data-testid="values-beside-chart"' in content


def _latest_travel(response) -> str:
    content = response.content.decode()
    return text_of(content[content.index('data-testid="latest-travel"') :].split("</p>")[0].encode())


def test_an_annual_indicator_says_against_the_year_before_once(client_for, council):
    indicator = IndicatorFactory(annual=True, code="ASC-07")
    for period, value in [("2023/24", "40"), ("2024/25", "45")]:
        MeasurementFactory(indicator=indicator, period=period, value=D(value))
    TargetFactory(indicator=indicator, period="2024/25", target=D("44"))
    headline = _latest_travel(client_for(Role.OFFICER).get(reverse("outcomes:indicator-detail", args=[indicator.pk])))
    assert headline.count("Against 2023/24") == 1
    assert headline.count("Improving") == 1


def test_a_quarterly_indicator_says_against_the_previous_quarter_and_the_year_before(client_for, world):
    response = client_for(Role.OFFICER).get(reverse("outcomes:indicator-detail", args=[world["indicator"].pk]))
    headline = _latest_travel(response)
    assert headline.count("Against 2025/26 Q3") == 1
    assert headline.count("Against 2024/25 Q4") == 1


def test_the_indicator_page_shows_rank_and_quartile_among_the_comparators(client_for, world):
    council = world["council"]
    engine_group = ComparatorGroup(council=council.ons_code, comparators=tuple(COMPARATORS))
    values = {council.ons_code: D(78)} | {code: D(value) for code, value in COMPARATORS.items()}
    position = benchmark_position(group=engine_group, values=values, polarity=Polarity.HIGHER_IS_BETTER)
    assert (position.rank, position.ranked) == (3, 5)
    response = client_for(None).get(reverse("outcomes:indicator-detail", args=[world["indicator"].pk]))
    text = text_of(response.content)
    assert f"ranked {position.rank} of {position.ranked}" in text
    assert f"quartile {position.quartile}" in text
    assert "comparator median of 75.0%" in text
    table = response.content.decode().split('data-testid="benchmark-table"')[1].split("</table>")[0]
    assert re.findall(r"Neighbour \d Borough Council|Testshire Borough Council", table) == [
        "Neighbour 4 Borough Council",
        "Neighbour 3 Borough Council",
        "Testshire Borough Council",
        "Neighbour 2 Borough Council",
        "Neighbour 1 Borough Council",
    ]


@pytest.mark.parametrize("role", [None, Role.PROVIDER])
def test_the_public_and_providers_see_published_indicators_only(client_for, world, role):
    client = client_for(role)
    assert client.get(reverse("outcomes:indicator-detail", args=[world["indicator"].pk])).status_code == 200
    assert client.get(reverse("outcomes:indicator-detail", args=[world["hidden"].pk])).status_code == 404
    listing = client.get(reverse("outcomes:indicator-list")).content.decode()
    assert "HOM-01" in listing
    assert "HOM-02" not in listing


def test_the_service_page_shows_its_outcomes_indicators_and_a_link_to_its_evidence_pack(client_for, world):
    service = world["service"]
    status, moved = expected_latest()
    content = client_for(Role.OFFICER).get(reverse("services:detail", args=[service.pk])).content.decode()
    assert "Outcomes and indicators</h2>" in content
    assert reverse("outcomes:detail", args=[world["outcome"].pk]) in content
    assert "Draft outcome about housing" in content
    row = content[content.index('data-indicator="HOM-01"') :].split("</tr>")[0]
    assert f'data-rag="{status.value}"' in row
    assert f'data-travel="{moved.against_year_ago.direction.value}"' in row
    assert "HOM-02" in content
    assert reverse("outcomes:evidence-pack", args=[service.pk]) in content


@pytest.mark.parametrize("role", [None, Role.PROVIDER])
def test_the_public_service_page_shows_published_outcomes_and_indicators_and_no_pack(client_for, world, role):
    service = world["service"]
    content = client_for(role).get(reverse("services:detail", args=[service.pk])).content.decode()
    assert world["outcome"].name in content
    assert "Draft outcome about housing" not in content
    assert "HOM-01" in content
    assert "HOM-02" not in content
    assert reverse("outcomes:evidence-pack", args=[service.pk]) not in content


def test_the_outcome_page_links_to_its_services_and_indicators(client_for, world):
    content = client_for(None).get(reverse("outcomes:detail", args=[world["outcome"].pk])).content.decode()
    assert reverse("services:detail", args=[world["service"].pk]) in content
    assert 'data-indicator="HOM-01"' in content
    assert "Needs evidence" not in content  # internal only


@pytest.fixture
def extra_pack_section():
    """An app above outcomes (ward intelligence, say) adds a section to every evidence pack."""

    def provider(user, service):
        return ThreadSection(
            template="outcomes/_pack_note.html",
            context={"heading": "Ward intelligence", "paragraphs": [f"Extra section for {service.reference}"]},
        )

    thread.register(EVIDENCE_PACK_KEY, provider)
    yield
    thread._providers[EVIDENCE_PACK_KEY.lower()].remove(provider)


def test_the_evidence_pack_brings_the_analyse_stage_together(client_for, world, extra_pack_section):
    service = world["service"]
    response = client_for(Role.OFFICER).get(reverse("outcomes:evidence-pack", args=[service.pk]))
    assert response.status_code == 200
    text = text_of(response.content)
    council = world["council"]
    engine_group = ComparatorGroup(council=council.ons_code, comparators=tuple(UNIT_COSTS))
    costs = {code: D(cost) for code, cost in UNIT_COSTS.items()} | {council.ons_code: service.unit_cost}
    position = unit_cost_position(group=engine_group, unit_costs=costs)
    assert f"ranked {position.rank} of {position.ranked}" in text
    assert "comparator median of £260.00" in text
    assert position.percent_from_median == D("-3.8")
    assert "3.8% below the median, better than it" in text
    assert "£250,000" in text  # gross budget
    assert "Households prevented from becoming homeless" in text
    assert "Fewer households become homeless" in text
    assert "Homelessness review 2025" in text
    assert "Consultation on housing advice" in text
    assert "412" in text
    assert "Extra section for CMH-001" in text
    assert "Latest values: 0 Green, 1 Amber, 0 Red, of 2 indicators." in text


def test_the_evidence_pack_pdf_renders_with_the_council_name(client_for, world, extra_pack_section):
    service = world["service"]
    response = client_for(Role.OFFICER).get(reverse("outcomes:evidence-pack-pdf", args=[service.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    # It opens in the browser, as the business case's does (issue 8); the download link asks for an attachment.
    assert response["Content-Disposition"] == 'inline; filename="evidence-pack-cmh-001.pdf"'
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Testshire Borough Council" in text
    assert "Evidence pack: Homelessness prevention" in text
    assert "Extra section for CMH-001" in text
    assert re.search(r"Page 1 of \d+", text)


def test_the_evidence_pack_pdf_is_printed_once_for_what_it_shows_and_opens_or_downloads(
    client_for, world, empty_document_cache
):
    """Not a WeasyPrint render in every request: printed again only when what it shows changes (issue 8)."""
    service, council = world["service"], world["council"]
    client = client_for(Role.OFFICER)
    url = reverse("outcomes:evidence-pack-pdf", args=[service.pk])
    page = client.get(reverse("outcomes:evidence-pack", args=[service.pk])).content.decode()
    opener = re.search(r'<a [^>]*data-testid="pdf-link"[^>]*>', page)
    assert opener
    assert f'href="{url}"' in opener.group(0)
    assert f'href="{url}?download=1" data-testid="download-pdf" download' in page
    with mock.patch.object(pdf, "html_to_pdf", wraps=pdf.html_to_pdf) as prints:
        first, again = client.get(url), client.get(url)
        downloaded = client.get(url, {"download": "1"})
        assert prints.call_count == 1
        assert again.content == downloaded.content == first.content
        assert first["Content-Disposition"] == 'inline; filename="evidence-pack-cmh-001.pdf"'
        assert downloaded["Content-Disposition"] == 'attachment; filename="evidence-pack-cmh-001.pdf"'
        assert downloaded["Cache-Control"] == "private, no-store"

        EvidenceFactory(title="Rough sleeping count 2026", service=service)
        added = client.get(url)
        assert prints.call_count == 2
        assert "Rough sleeping count 2026" in " ".join(
            p.extract_text() for p in PdfReader(io.BytesIO(added.content)).pages
        )

        council.name = "Testshire Unitary Council"
        council.save()
        renamed = client.get(url)
        assert prints.call_count == 3
        assert "Testshire Unitary Council" in PdfReader(io.BytesIO(renamed.content)).pages[0].extract_text()
        client.get(url)
        assert prints.call_count == 3


@pytest.mark.parametrize("role", [None, Role.PROVIDER])
def test_the_evidence_pack_is_inside_the_council(client_for, world, role):
    path = reverse("outcomes:evidence-pack", args=[world["service"].pk])
    response = client_for(role).get(path)
    assert response.status_code == (302 if role is None else 403)


@pytest.fixture
def drawings(monkeypatch):
    """Counts the charts matplotlib draws (each one is saved as SVG once), from an empty chart cache."""
    caches["default"].clear()
    count = {"drawn": 0}
    save = Figure.savefig

    def counted(figure, *args, **kwargs):
        count["drawn"] += 1
        return save(figure, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", counted)
    yield count
    caches["default"].clear()


def test_charts_are_the_same_on_every_render(world, drawings):
    indicator = world["indicator"]
    series = selectors.indicator_series(indicator=indicator)
    first = charts.time_series(indicator=indicator, periods=series.periods)
    caches["default"].clear()  # so that the second is drawn again, not taken from the cache
    second = charts.time_series(indicator=indicator, periods=series.periods)
    assert drawings["drawn"] == 2
    assert first is not None
    assert second is not None
    assert first.svg == second.svg
    assert first.svg.startswith("<svg ")
    assert 'aria-label="Line chart of Households prevented from becoming homeless' in first.svg
    assert "<metadata>" not in first.svg


def test_a_chart_is_drawn_once_for_the_same_figures_and_again_for_different_ones(world, drawings):
    indicator = world["indicator"]
    periods = selectors.indicator_series(indicator=indicator).periods
    first = charts.time_series(indicator=indicator, periods=periods)
    again = charts.time_series(
        indicator=indicator, periods=list(selectors.indicator_series(indicator=indicator).periods)
    )
    assert drawings["drawn"] == 1
    assert first is not None
    assert again == first
    changed = [*periods[:-1], dataclasses.replace(periods[-1], value=D("79"))]
    other = charts.time_series(indicator=indicator, periods=changed)
    assert drawings["drawn"] == 2
    assert other is not None
    assert other.svg != first.svg
    renamed = charts.time_series(indicator=indicator, periods=periods, key="chart-other")
    assert drawings["drawn"] == 3
    assert renamed is not None
    assert 'id="chart-other-1"' in renamed.svg


def test_comparator_charts_are_drawn_once_for_the_same_figures(world, drawings):
    indicator = world["indicator"]
    group = selectors.home_comparator_group()
    benchmark = selectors.indicator_benchmark(indicator=indicator, group=group)
    assert benchmark is not None
    first = charts.comparator_chart(view=benchmark, unit=indicator.unit, what=indicator.name)
    again = charts.comparator_chart(
        view=selectors.indicator_benchmark(indicator=indicator, group=group), unit=indicator.unit, what=indicator.name
    )
    assert drawings["drawn"] == 1
    assert first is not None
    assert again == first
    money = charts.comparator_chart(view=benchmark, unit=indicator.unit, what=indicator.name, money=True)
    assert drawings["drawn"] == 2
    assert money is not None
    assert money.svg != first.svg


def test_the_indicator_page_draws_its_charts_once(client_for, world, drawings):
    path = reverse("outcomes:indicator-detail", args=[world["indicator"].pk])
    client = client_for(Role.OFFICER)
    first = client.get(path)
    drawn = drawings["drawn"]
    assert drawn == 2  # the time series and the comparators
    second = client.get(path)
    assert drawings["drawn"] == drawn
    svgs = re.findall(r"<svg .*?</svg>", first.content.decode(), flags=re.DOTALL)
    assert len(svgs) == 2
    assert re.findall(r"<svg .*?</svg>", second.content.decode(), flags=re.DOTALL) == svgs


def test_a_comparator_chart_is_none_without_figures(world):
    assert selectors.indicator_benchmark(indicator=world["hidden"], group=selectors.home_comparator_group()) is None


def test_the_comparators_page_lists_the_group(world):
    content = Client().get(reverse("outcomes:comparators")).content.decode()
    assert "Testshire nearest neighbours" in content
    assert content.count("Borough Council</td>") == 4
