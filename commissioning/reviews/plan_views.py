"""The plan's pages: the ranking of services by the prioritisation model, each service's rationale, the weights
(a new version of the model), judgements, the skill a service's review needs, and the officers who run reviews.
Thin: permission, form, one action or selector, render or redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from commissioning.accounts.selectors import acting_user
from commissioning.core import generic
from commissioning.core.access import require
from commissioning.core.calendar import ical_escape, ical_response, ical_stamp
from commissioning.core.concurrency import AlreadySubmitted, already_submitted
from commissioning.reviews import actions, planning, selectors
from commissioning.reviews.forms import (
    CompareForm,
    JudgementForm,
    OfficerForm,
    ScenarioForm,
    ServiceSkillForm,
    WeightsForm,
)
from commissioning.reviews.models import CommissioningOfficer, PriorityModel, ProgrammeScenario, ScoreSource, Skill


def _version(request: HttpRequest) -> PriorityModel | None:
    """The version asked for (?version=N: an earlier one for internal roles only), else the current one."""
    asked = request.GET.get("version", "")
    if asked:
        if not asked.isdigit():
            raise Http404
        require(request, "reviews.view_earlier_prioritymodels")
        try:
            return selectors.model_version(user=request.user, number=int(asked))
        except PriorityModel.DoesNotExist:
            raise Http404 from None
    return selectors.current_model()


@require_http_methods(["GET"])
def ranking(request: HttpRequest) -> HttpResponse:
    require(request, "reviews.view_prioritymodel")
    model = _version(request)
    ranked = selectors.ranking(user=request.user, model=model) if model is not None else []
    return render(
        request,
        "reviews/plan/ranking.html",
        {
            "model": model,
            "ranked": ranked,
            "criteria": ranked[0].lines if ranked else (),
            "versions": selectors.model_versions()
            if request.user.has_perm("reviews.view_earlier_prioritymodels")
            else [],
        },
    )


@require_http_methods(["GET"])
def rationale(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "reviews.view_prioritymodel")
    model = _version(request)
    if model is None:
        raise Http404
    try:
        found = selectors.rationale(user=request.user, model=model, service_pk=pk)
    except ObjectDoesNotExist:
        raise Http404 from None
    return render(
        request,
        "reviews/plan/rationale.html",
        {
            "model": model,
            "rationale": found,
            "service": found.ranked.service,
            "skill": Skill(selectors.required_skill(service=found.ranked.service)).label,
            "sources": ScoreSource,
        },
    )


@require_http_methods(["GET", "POST"])
def weights(request: HttpRequest) -> HttpResponse:
    require(request, "reviews.change_prioritymodel")
    current = selectors.current_model()
    form = WeightsForm(
        request.POST or None,
        criteria=selectors.criteria_for_weights(),
        weights=current.weights if current is not None else {},
        versioned=current,
    )
    if request.method == "POST" and form.is_valid():
        try:
            model = actions.priority_model_revise(
                weights=form.weights(),
                reason=form.cleaned_data["reason"],
                by=acting_user(request),
                version=form.version,
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, f"Version {model.number} of the prioritisation model is now the ranking.")
            return redirect("plan:ranking")
    return render(request, "reviews/plan/weights.html", {"form": form, "model": current})


def _ranked_service(request: HttpRequest, pk: int) -> Any:
    return generic.get_visible_or_404(request, selectors.ranked_service, "services.view_service", pk=pk)


@require_http_methods(["GET", "POST"])
def judge(request: HttpRequest, pk: int, criterion: str) -> HttpResponse:
    service = _ranked_service(request, pk)
    require(request, "reviews.add_priorityjudgement")
    named = selectors.criterion(criterion)
    if named is None:
        raise Http404
    existing = selectors.judgement_of(service=service, criterion=criterion)
    initial = {"score": str(existing.score), "reason": existing.reason} if existing else {}
    form = JudgementForm(request.POST or None, initial=initial, versioned=existing)
    back = reverse("plan:rationale", args=[service.pk])
    if request.method == "POST" and form.is_valid():
        try:
            actions.priority_judgement_record(
                service=service,
                criterion=criterion,
                score=form.cleaned_data["score"],
                reason=form.cleaned_data["reason"],
                by=acting_user(request),
                version=form.version,
                form_token=form.token,
            )
        except AlreadySubmitted as repeat:
            return already_submitted(request, repeat, back)
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, f"Your judgement of {named.name.lower()} for {service.name} has been recorded.")
            return redirect(back)
    return render(
        request,
        "reviews/plan/judge.html",
        {"form": form, "service": service, "criterion": named, "existing": existing, "back": back},
    )


@require_http_methods(["GET", "POST"])
def service_skill(request: HttpRequest, pk: int) -> HttpResponse:
    service = _ranked_service(request, pk)
    require(request, "reviews.change_serviceskill")
    existing = selectors.service_skill(service=service)
    form = ServiceSkillForm(
        request.POST or None, initial={"skill": selectors.required_skill(service=service)}, versioned=existing
    )
    back = reverse("plan:rationale", args=[service.pk])
    if request.method == "POST" and form.is_valid():
        try:
            actions.service_skill_set(
                service=service, skill=form.cleaned_data["skill"], by=acting_user(request), version=form.version
            )
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(
                request, f"A review of {service.name} now needs {Skill(form.cleaned_data['skill']).label}."
            )
            return redirect(back)
    return render(request, "reviews/plan/skill.html", {"form": form, "service": service, "back": back})


# Commissioning officers


def officer_list(request: HttpRequest) -> HttpResponse:
    require(request, "reviews.view_commissioningofficer")
    officers = list(selectors.officer_list(user=request.user))
    capacity = selectors.capacity_by_skill(1)
    return render(
        request,
        "reviews/plan/officers.html",
        {
            "officers": officers,
            "capacity": [(Skill(skill).label, days[0]) for skill, days in capacity.items()],
            "cost": selectors.staffing_cost(),
        },
    )


def _get_officer(request: HttpRequest, pk: int) -> CommissioningOfficer:
    return generic.get_visible_or_404(request, selectors.officer_detail, "reviews.view_commissioningofficer", pk=pk)


def officer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    officer = _get_officer(request, pk)
    return render(request, "reviews/plan/officer.html", {"officer": officer, "object": officer, "tab": "summary"})


def _officer_url(officer: CommissioningOfficer) -> str:
    return reverse("plan:officer-detail", args=[officer.pk])


officer_create = generic.create_view(
    perm="reviews.add_commissioningofficer",
    form=OfficerForm,
    act=lambda form, **kw: actions.officer_create(details=form.details(), **kw),
    done=lambda officer, **_: f"{officer.name} has been added to commissioning capacity.",
    to=_officer_url,
    template="reviews/plan/officer_form.html",
    context=lambda form: {"officer": None},
)

officer_edit = generic.edit_view(
    _get_officer,
    perm="reviews.change_commissioningofficer",
    form=OfficerForm,
    act=lambda form, officer, **kw: actions.officer_update(officer=officer, details=form.details(), **kw),
    done=lambda officer, _saved, **_: f"Your changes to {officer.name} have been saved.",
    to=_officer_url,
    template="reviews/plan/officer_form.html",
    context=lambda form, officer: {"officer": officer},
)

officer_archive = generic.reason_view(
    _get_officer,
    perm="reviews.archive_commissioningofficer",
    label="Why does this officer no longer run reviews?",
    required_message=actions.OFFICER_ARCHIVE_REASON_REQUIRED,
    act=lambda officer, **kw: actions.officer_archive(officer=officer, **kw),
    done=lambda officer: f"{officer.name} no longer counts in commissioning capacity. Their history stays.",
    back=_officer_url,
    template="reviews/plan/officer_archive.html",
    context=lambda officer: {"officer": officer, "object": officer},
)

officer_history = generic.history_view(
    _get_officer,
    perm="reviews.view_commissioningofficer_history",
    tabs="reviews/plan/_officer_header.html",
    context=lambda officer: {"officer": officer},
)


# Programme scenarios (ADR 0023): add, change, solve again, compare; the adopted programme is public. Adopting is
# governance's page (governance:programme-adopt), linked from a scenario's page for the executive.


def _get_scenario(request: HttpRequest, pk: int) -> ProgrammeScenario:
    return generic.get_visible_or_404(request, selectors.scenario_detail, "reviews.view_programmescenario", pk=pk)


def _scenario_url(scenario: ProgrammeScenario) -> str:
    return reverse("plan:scenario-detail", args=[scenario.pk])


def _solved(scenario: ProgrammeScenario) -> str:
    if scenario.solve_status in ("optimal", "feasible"):
        return f"{scenario.name} has been solved: {scenario.solve_status}, in {scenario.seconds:.2f} seconds."
    return f"{scenario.name} has been saved, but the optimiser found no plan for it ({scenario.solve_status})."


@require_http_methods(["GET"])
def scenario_list(request: HttpRequest) -> HttpResponse:
    require(request, "reviews.view_programmescenario")
    scenarios = list(selectors.scenario_list(user=request.user))
    return render(
        request,
        "reviews/plan/scenarios.html",
        {"scenarios": scenarios, "form": CompareForm(scenarios=selectors.scenario_list(user=request.user))},
    )


scenario_create = generic.create_view(
    perm="reviews.add_programmescenario",
    form=ScenarioForm,
    form_kwargs=lambda request: {"capacity": planning.current_capacity()},
    act=lambda form, **kw: actions.programme_scenario_create(details=form.details(), **kw),
    done=lambda scenario, **_: _solved(scenario),
    to=_scenario_url,
    template="reviews/plan/scenario_form.html",
    context=lambda form: {"scenario": None},
)

scenario_edit = generic.edit_view(
    _get_scenario,
    perm="reviews.change_programmescenario",
    form=ScenarioForm,
    act=lambda form, scenario, **kw: actions.programme_scenario_update(scenario=scenario, details=form.details(), **kw),
    done=lambda scenario, saved, **_: _solved(saved),
    to=_scenario_url,
    template="reviews/plan/scenario_form.html",
    context=lambda form, scenario: {"scenario": scenario},
)


@require_http_methods(["GET"])
def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = _get_scenario(request, pk)
    return render(
        request,
        "reviews/plan/scenario.html",
        {
            "scenario": scenario,
            "object": scenario,
            "tab": "summary",
            "rows": selectors.scenario_rows(scenario=scenario),
            "skills": Skill,
        },
    )


@require_http_methods(["POST"])
def scenario_solve(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = _get_scenario(request, pk)
    require(request, "reviews.change_programmescenario", scenario)
    try:
        solved = actions.programme_scenario_solve(scenario=scenario, by=acting_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _solved(solved))
    return redirect(_scenario_url(scenario))


scenario_history = generic.history_view(
    _get_scenario,
    perm="reviews.view_programmescenario_history",
    tabs="reviews/plan/_scenario_header.html",
    context=lambda scenario: {"scenario": scenario},
)


@require_http_methods(["GET"])
def scenario_compare(request: HttpRequest) -> HttpResponse:
    require(request, "reviews.view_programmescenario")
    scenarios = selectors.scenario_list(user=request.user)
    form = CompareForm(request.GET or None, scenarios=scenarios)
    comparison = None
    if form.is_valid():
        comparison = selectors.scenario_compare(first=form.cleaned_data["a"], second=form.cleaned_data["b"])
    return render(request, "reviews/plan/compare.html", {"form": form, "comparison": comparison})


@require_http_methods(["GET"])
def programme(request: HttpRequest) -> HttpResponse:
    require(request, "reviews.view_adopted_programme")
    scenario, quarters = selectors.adopted_programme(user=request.user)
    return render(request, "reviews/plan/programme.html", {"scenario": scenario, "quarters": quarters})


# The programme's timeline: everyone sees the reviews they may see (the public, the published ones); the council's
# own roles see the days each skill uses against the days its officers have.

TIMELINE_PERM = "reviews.list_commissioningreviews"
# The chart's layout in SVG user units: the reviews' references on the left, a column for each quarter.
TIMELINE_CHART = {"width": 960, "label": 150, "head": 44, "row": 28, "bar": 18}


def _timeline(request: HttpRequest, *, with_capacity: bool = False) -> planning.Timeline:
    require(request, TIMELINE_PERM)
    by = request.GET.get("by", planning.BY_DIRECTORATE)
    return planning.programme_timeline(
        user=request.user, by=by if by in planning.GROUPINGS else planning.BY_DIRECTORATE, with_capacity=with_capacity
    )


@require_http_methods(["GET"])
def timeline(request: HttpRequest) -> HttpResponse:
    capacity = request.user.has_perm("reviews.view_commissioningofficer")
    found = _timeline(request, with_capacity=capacity)
    return render(
        request,
        "reviews/plan/timeline.html",
        {
            "timeline": found,
            "groupings": planning.GROUPINGS,
            "chart": TIMELINE_CHART,
            "column": (TIMELINE_CHART["width"] - TIMELINE_CHART["label"]) / len(found.quarters),
            "days_a_quarter": planning.EFFORT_DAYS_PER_QUARTER,
        },
    )


@require_http_methods(["GET"])
def timeline_xlsx(request: HttpRequest) -> Any:
    found = _timeline(request)
    return generic.export_response(
        "xlsx",
        name="programme-timeline",
        sheet="Programme of reviews",
        headers=[*planning.TIMELINE_HEADERS, *found.quarters],
        rows=planning.timeline_rows(found),
    )


@require_http_methods(["GET"])
def timeline_ics(request: HttpRequest) -> HttpResponse:
    """The timeline as a calendar: one all-day event for each review, from the first day of its planned start quarter
    to the last of its planned end quarter."""
    found = _timeline(request)
    stamp = ical_stamp()
    host = request.get_host().split(":")[0] or "localhost"
    events = []
    for row in found.rows:
        review = row.review
        starts, after = planning.quarter_dates(review.planned_start, review.planned_end)
        description = "\n".join(
            (
                review.purpose,
                f"Directorate: {review.directorate.name}",
                f"Skill: {row.skill_label}",
                f"Status: {review.get_status_display()}",
                f"Planned: {review.planned_start} to {review.planned_end}",
            )
        )
        events.append(
            [
                f"UID:{review.reference.lower()}@{host}",
                f"DTSTAMP:{stamp}",
                f"DTSTART;VALUE=DATE:{starts:%Y%m%d}",
                f"DTEND;VALUE=DATE:{after:%Y%m%d}",
                "SUMMARY:" + ical_escape(f"{review.title} ({review.reference})"),
                "DESCRIPTION:" + ical_escape(description),
                "URL:" + request.build_absolute_uri(reverse("reviews:detail", args=[review.pk])),
            ]
        )
    return ical_response(
        filename="programme-timeline", product="Programme of reviews", name="Programme of reviews", events=events
    )
