"""The executive's page adopting a programme scenario by a recorded decision (ADR 0023). Thin: the scenario (404 when
it may not be seen), the permission (the executive, a solved scenario), the form, one action."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from commissioning.core import generic
from commissioning.governance.actions.programme import programme_adoption_record
from commissioning.governance.forms.programme import AdoptionForm
from commissioning.governance.models import Decision
from commissioning.governance.selectors import decisions as selectors
from commissioning.reviews import selectors as reviews_selectors
from commissioning.reviews.models import ProgrammeScenario


def _get_scenario(request: HttpRequest, pk: int) -> ProgrammeScenario:
    return generic.get_visible_or_404(
        request, reviews_selectors.scenario_detail, "reviews.view_programmescenario", pk=pk
    )


def _adopted(form: AdoptionForm, scenario: ProgrammeScenario, **kw: object) -> Decision:
    adoption = programme_adoption_record(scenario=scenario, details=form.details(), today=selectors.today(), **kw)
    return adoption.decision


def _done(decision: Decision, **_: object) -> str:
    return (
        f"{decision.scenario} is now the council's programme of reviews, adopted by decision {decision.reference}. "
        "Its reviews are planned in their quarters, and key decisions are on the forward plan."
    )


programme_adopt = generic.create_view(
    get=_get_scenario,
    perm="governance.adopt_programmescenario",
    form=AdoptionForm,
    act=_adopted,
    done=_done,
    to=lambda decision: reverse("governance:decision", args=[decision.pk]),
    template="governance/programme/adopt.html",
    context=lambda form, scenario: {"scenario": scenario},
)
