"""The signed-in home page: each user's work, read through the apps' selectors (the portal is in the EDGE tier, so it
may import every app below it). Three lists of sections: what awaits the user, what is overdue, and what is new since
they last signed in. Each section is a few records and a count (commissioning.core.sample: two queries), so the page
costs the same whatever the size of the council. An app the portal may not import (a sibling in EDGE, such as
imports) adds to what awaits the user through the home page's place, core.thread.HOME_KEY."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from commissioning.appraisals import selectors as appraisal_selectors
from commissioning.contracts import selectors as return_selectors
from commissioning.core import formatting, thread
from commissioning.core.permissions import Role
from commissioning.core.thread import ThreadSection, work_list
from commissioning.intelligence import selectors as intelligence_selectors
from commissioning.reviews import selectors as review_selectors
from commissioning.services import selectors as service_selectors


@dataclass(frozen=True)
class Work:
    awaiting: list[ThreadSection]
    overdue: list[ThreadSection]
    new: list[ThreadSection]
    since: Any  # when the user last signed in before this time (None the first time)


def _intelligence(item: Any) -> tuple[str, str, str]:
    return (
        f"{item.reference}: {item.title}",
        reverse("intelligence:detail", args=[item.pk]),
        f"{item.service.name}, {item.ward.name}. Response due {formatting.date(item.response_due)}",
    )


def _answer(item: Any) -> tuple[str, str, str]:
    return (
        f"{item.reference}: {item.title}",
        reverse("intelligence:detail", args=[item.pk]),
        f"{item.service.name} answered on {formatting.date(item.responded_at)}",
    )


def _business_case(case: Any) -> tuple[str, str, str]:
    submitted = formatting.date(case.submitted_at)
    return (
        f"{case.review.title} ({case.review.reference}), version {case.version}",
        reverse("appraisals:business-case", args=[case.pk]),
        f"Submitted to {case.board} on {submitted}" if case.board else f"Submitted on {submitted}",
    )


def _review(review: Any) -> tuple[str, str, str]:
    return (
        f"{review.title} ({review.reference})",
        reverse("reviews:detail", args=[review.pk]),
        f"Planned to end in {review.planned_end}",
    )


def _new_review(review: Any) -> tuple[str, str, str]:
    return (
        f"{review.title} ({review.reference})",
        reverse("reviews:detail", args=[review.pk]),
        f"Added on {formatting.date(review.created_at)}",
    )


def _service(service: Any) -> tuple[str, str, str]:
    return (
        f"{service.name} ({service.reference})",
        reverse("services:detail", args=[service.pk]),
        f"Next review was due on {formatting.date(service.next_review_due)}",
    )


def _return(ret: Any) -> tuple[str, str, str]:
    return (
        f"{ret.contract.title} ({ret.contract.reference}), {ret.period}",
        reverse("contracts:return", args=[ret.pk]),
        f"{ret.get_status_display()}; due {formatting.date(ret.due_date)}",
    )


def _shown(*sections: ThreadSection) -> list[ThreadSection]:
    return [section for section in sections if section.context["total"]]


def work_of(user: Any) -> Work:
    """What the signed-in home page shows this user (a fixed number of queries)."""
    since = getattr(user, "previous_login", None)
    is_councillor = getattr(user, "role", None) == Role.COUNCILLOR
    mine = reverse("intelligence:mine")
    inbox = reverse("intelligence:list")
    awaiting = _shown(
        work_list(
            key="intelligence-to-answer",
            heading="Ward intelligence to answer",
            sample=intelligence_selectors.intelligence_to_answer(user=user),
            entry=_intelligence,
            more_href=inbox,
            more_text="See the ward intelligence inbox",
        ),
        work_list(
            key="intelligence-answers",
            heading="Answers to your ward intelligence",
            sample=intelligence_selectors.intelligence_responses_to_read(user=user),
            entry=_answer,
            more_href=f"{mine}?status=responded",
            more_text="See your ward intelligence",
        ),
        work_list(
            key="business-cases-to-decide",
            heading="Business cases to decide",
            sample=appraisal_selectors.business_cases_to_decide(user=user),
            entry=_business_case,
            more_href=reverse("appraisals:business-case-list") + "?status=submitted",
            more_text="See every submitted business case",
        ),
        work_list(
            key="returns-to-review",
            heading="Contract returns to review",
            sample=return_selectors.returns_to_review(user=user),
            entry=_return,
            more_href=reverse("contracts:returns") + "?status=submitted",
            more_text="See the submitted returns",
        ),
        work_list(
            key="returns-to-send",
            heading="Contract returns to send or answer",
            sample=return_selectors.returns_to_send(user=user),
            entry=_return,
            more_href=reverse("contracts:returns"),
            more_text="See your contract returns",
        ),
        *thread.sections(user, user, place=thread.HOME),
    )
    overdue = _shown(
        work_list(
            key="reviews-overdue",
            heading="Reviews still in progress after their planned end",
            sample=review_selectors.reviews_overdue(user=user),
            entry=_review,
            more_href=reverse("reviews:list") + "?status=in_progress",
            more_text="See the reviews in progress",
        ),
        work_list(
            key="services-review-overdue",
            heading="Services whose next review date has passed",
            sample=service_selectors.services_review_overdue(user=user),
            entry=_service,
            more_href=reverse("services:list"),
            more_text="See the services",
        ),
        work_list(
            key="intelligence-overdue",
            heading="Ward intelligence past its response date",
            sample=intelligence_selectors.intelligence_overdue(user=user),
            entry=_intelligence,
            more_href=f"{mine}?overdue=on" if is_councillor else f"{inbox}?overdue=on&scope=all",
            more_text="See the overdue ward intelligence",
        ),
        work_list(
            key="returns-overdue",
            heading="Contract returns overdue",
            sample=return_selectors.returns_overdue(user=user),
            entry=_return,
            more_href=reverse("contracts:returns") + "?overdue=on",
            more_text="See the overdue returns",
        ),
    )
    new = _shown(
        work_list(
            key="intelligence-new",
            heading="New answers to your ward intelligence" if is_councillor else "Ward intelligence submitted",
            sample=intelligence_selectors.intelligence_new_since(user=user, since=since),
            entry=_answer if is_councillor else _intelligence,
            more_href=mine if is_councillor else f"{inbox}?scope=all&sort=-submitted",
            more_text="See your ward intelligence" if is_councillor else "See the ward intelligence inbox",
        ),
        work_list(
            key="business-cases-new",
            heading="Business cases submitted",
            sample=appraisal_selectors.business_cases_submitted_since(user=user, since=since),
            entry=_business_case,
            more_href=reverse("appraisals:business-case-list") + "?status=submitted",
            more_text="See every submitted business case",
        ),
        work_list(
            key="reviews-new",
            heading="Reviews added to the programme",
            sample=review_selectors.reviews_added_since(user=user, since=since),
            entry=_new_review,
            more_href=reverse("reviews:list"),
            more_text="See the programme of reviews",
        ),
    )
    return Work(awaiting=awaiting, overdue=overdue, new=new, since=since)
