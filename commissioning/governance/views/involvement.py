"""Pages for member involvement (the protocol, each review's plan, My involvement) and the stage gates of a review."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from commissioning.accounts.selectors import acting_user, councillor_profile_of
from commissioning.core import generic
from commissioning.core.access import SignInRequired, require
from commissioning.governance.actions import involvement as actions
from commissioning.governance.forms.involvement import EntryForm, ProtocolStepForm, SignOffForm
from commissioning.governance.models import InvolvementEntry, ProtocolStep
from commissioning.governance.selectors import involvement as selectors
from commissioning.reviews.models import CommissioningReview

# The protocol ------------------------------------------------------------------------------------------------------


@require_GET
def protocol(request: HttpRequest) -> HttpResponse:
    require(request, "governance.view_protocolstep")
    return render(
        request,
        "governance/involvement/protocol.html",
        {"stages": selectors.protocol_by_stage(), "changes": selectors.protocol_changes()},
    )


def _get_step(request: HttpRequest, pk: int) -> ProtocolStep:
    return generic.get_visible_or_404(
        request, lambda user, pk: selectors.protocol_step(pk=pk), "governance.view_protocolstep", pk=pk
    )


def _protocol_url(_record: object = None) -> str:
    return reverse("governance:protocol")


protocol_step_edit = generic.edit_view(
    _get_step,
    perm="governance.change_protocolstep",
    form=ProtocolStepForm,
    act=lambda form, step, **kw: actions.protocol_step_update(
        step=step, details=form.details(), reason=form.cleaned_data["reason"], **kw
    ),
    done=lambda step, _saved, **_: "The protocol has been changed. The change and your reason are in its history.",
    to=_protocol_url,
    template="governance/involvement/protocol_step_form.html",
    context=lambda form, step: {"step": step},
)


protocol_step_add = generic.create_view(
    perm="governance.change_protocolstep",
    form=ProtocolStepForm,
    act=lambda form, **kw: actions.protocol_step_add(details=form.details(), reason=form.cleaned_data["reason"], **kw),
    done=lambda step, **_: "The step has been added to the protocol. The change and your reason are in its history.",
    to=_protocol_url,
    template="governance/involvement/protocol_step_form.html",
    context=lambda form: {"step": None},
)

protocol_step_remove = generic.reason_view(
    _get_step,
    perm="governance.change_protocolstep",
    label="Why is this step being removed from the protocol?",
    required_message=actions.PROTOCOL_REASON_REQUIRED,
    act=lambda step, **kw: actions.protocol_step_remove(step=step, **kw),
    done=lambda step: "The step has been removed from the protocol. Plans already made keep their entries.",
    back=_protocol_url,
    template="governance/involvement/protocol_step_remove.html",
    context=lambda step: {"step": step},
)


# A review's involvement plan ---------------------------------------------------------------------------------------


def _get_review(request: HttpRequest, pk: int) -> CommissioningReview:
    return generic.get_visible_or_404(request, selectors.visible_review, "governance.view_involvemententry", pk=pk)


def _plan_url(review: CommissioningReview) -> str:
    return reverse("governance:review-involvement", args=[review.pk])


@require_GET
def review_involvement(request: HttpRequest, pk: int) -> HttpResponse:
    review = _get_review(request, pk)
    return render(
        request,
        "governance/involvement/plan.html",
        {"review": review, "stages": selectors.plan_by_stage(review), "who": selectors.who, "today": selectors.today()},
    )


@require_POST
def review_involvement_generate(request: HttpRequest, pk: int) -> HttpResponse:
    review = _get_review(request, pk)
    require(request, "governance.change_involvemententry", review)
    try:
        made = actions.involvement_plan_generate(review=review, by=acting_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        count = len(made)
        messages.success(
            request,
            f"{count} {'entry' if count == 1 else 'entries'} added to the plan from the council's protocol."
            if count
            else "The plan already has every entry the protocol asks for.",
        )
    return redirect(_plan_url(review))


review_involvement_add = generic.create_view(
    get=_get_review,
    perm="governance.change_involvemententry",
    form=EntryForm,
    form_kwargs=lambda request, review: {"initial": {"stage": review.stage}},
    act=lambda form, review, **kw: actions.involvement_entry_add(
        review=review, details=form.details(), reason=form.cleaned_data["reason"], **kw
    ),
    done=lambda entry, **_: "The entry has been added to the plan, with your reason.",
    to=lambda entry: _plan_url(entry.review),
    template="governance/involvement/entry_form.html",
    context=lambda form, review: {"review": review, "entry": None},
)


def _get_entry(request: HttpRequest, pk: int) -> InvolvementEntry:
    return generic.get_visible_or_404(request, selectors.involvement_entry, "governance.view_involvemententry", pk=pk)


involvement_entry_edit = generic.edit_view(
    _get_entry,
    perm="governance.change_involvemententry",
    form=EntryForm,
    act=lambda form, entry, **kw: actions.involvement_entry_change(
        entry=entry, details=form.details(), reason=form.cleaned_data["reason"], **kw
    ),
    done=lambda entry, _saved, **_: "The plan has been changed, with your reason.",
    to=lambda entry: _plan_url(entry.review),
    template="governance/involvement/entry_form.html",
    context=lambda form, entry: {"review": entry.review, "entry": entry, "who": selectors.who(entry)},
)

involvement_entry_remove = generic.reason_view(
    _get_entry,
    perm="governance.change_involvemententry",
    label="Why does this review depart from the council's protocol?",
    required_message=actions.AMENDMENT_REASON_REQUIRED,
    act=lambda entry, **kw: actions.involvement_entry_remove(entry=entry, **kw),
    done=lambda entry: "The entry has been removed from the plan. Its history stays.",
    back=lambda entry: _plan_url(entry.review),
    template="governance/involvement/entry_remove.html",
    context=lambda entry: {"review": entry.review, "entry": entry, "who": selectors.who(entry)},
)


# My involvement ----------------------------------------------------------------------------------------------------


# Reviews per page of "My involvement": a member's page costs the same however many reviews the council runs.
MY_INVOLVEMENT_PAGE_SIZE = 10


@require_GET
def my_involvement(request: HttpRequest) -> HttpResponse:
    """A councillor's own page. Anyone else signed in is told there is no such page (404), not that it is refused."""
    if not request.user.is_authenticated:
        raise SignInRequired
    if not request.user.has_perm("governance.view_my_involvement"):
        raise Http404
    today = selectors.today()
    reviews = selectors.my_involvement_reviews(user=request.user, on=today)
    page = Paginator(reviews, MY_INVOLVEMENT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/involvement/mine.html",
        {
            "page": page,
            "rows": selectors.my_involvement(user=request.user, on=today, reviews=list(page.object_list)),
            "today": today,
            "councillor": councillor_profile_of(request.user),
            "who": selectors.who,
        },
    )


# Stage gates -------------------------------------------------------------------------------------------------------


def _get_gated_review(request: HttpRequest, pk: int) -> CommissioningReview:
    """The gate page is the council's: anonymous visitors sign in, anyone else outside it gets 404."""
    if not request.user.is_authenticated:
        raise SignInRequired
    return generic.get_visible_or_404(request, selectors.visible_review, "governance.view_review_gates", pk=pk)


def _gates_url(review: CommissioningReview) -> str:
    return reverse("governance:review-gates", args=[review.pk])


@require_GET
def review_gates(request: HttpRequest, pk: int) -> HttpResponse:
    review = _get_gated_review(request, pk)
    return render(
        request,
        "governance/involvement/gates.html",
        {"review": review, "report": selectors.gate_report(review, on=selectors.today())},
    )


review_gate_sign_off = generic.create_view(
    get=_get_gated_review,
    perm="governance.add_gatesignoff",
    form=SignOffForm,
    form_kwargs=lambda request, review: {"board": selectors.programme_board(review)},
    act=lambda form, review, **kw: actions.gate_sign_off_record(
        review=review,
        signed_off_on=form.cleaned_data["signed_off_on"],
        meeting=form.cleaned_data.get("meeting"),
        notes=form.cleaned_data.get("notes") or "",
        today=selectors.today(),
        **kw,
    ),
    done=lambda sign_off, **_: f"{sign_off.body.name}'s sign-off of the evidence pack has been recorded.",
    to=lambda sign_off: _gates_url(sign_off.review),
    template="governance/involvement/sign_off_form.html",
    context=lambda form, review: {"review": review, "board": selectors.programme_board(review)},
)


@require_POST
def review_stage_advance(request: HttpRequest, pk: int) -> HttpResponse:
    review = _get_gated_review(request, pk)
    require(request, "governance.advance_review_stage", review)
    today = selectors.today()
    try:
        moved = actions.review_stage_advance(review=review, by=acting_user(request), today=today)
    except ValidationError as error:
        # Nothing was saved: the gate page again, with what is missing at the top.
        context = {"review": review, "report": selectors.gate_report(review, on=today), "refusal": error.messages}
        return render(request, "governance/involvement/gates.html", context)
    else:
        messages.success(request, f"{moved.title} has moved to the {moved.get_stage_display()} stage.")
    return redirect(_gates_url(review))
