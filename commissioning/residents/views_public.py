"""The public service finder and "Who runs this service": open to everyone, signed in or not. Thin: read the
query, one selector, render."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from commissioning.residents import selectors_public as selectors
from commissioning.services.models import Service


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@require_GET
def finder(request: HttpRequest) -> HttpResponse:
    """Find a service by words, by topic or by ward; with nothing asked, the topics to browse."""
    query = selectors.FinderQuery(
        q=request.GET.get("q", "").strip()[:200],
        topic=_number(request.GET.get("topic")),
        ward=_number(request.GET.get("ward")),
    )
    context: dict[str, object] = {
        "query": query,
        "wards": selectors.wards(),
        "topic_name": selectors.topic_name(query.topic),
        "ward_name": selectors.ward_name(query.ward),
    }
    if query.asked:
        page = Paginator(selectors.find_services(user=request.user, query=query), settings.PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context |= {"page": page, "services": page.object_list}
    else:
        context["topics"] = selectors.topics(user=request.user)
    return render(request, "residents/public/finder.html", context)


@require_GET
def who_runs(request: HttpRequest, pk: int) -> HttpResponse:
    """Who runs one service, who answers for it, how it is doing and how to complain. A service the user may not
    see (for the public: one that is not published, or archived) is not found."""
    try:
        page = selectors.who_runs(user=request.user, pk=pk)
    except Service.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "residents/public/who_runs.html",
        {"page": page, "service": page.service, "contact_email": settings.COUNCIL_CONTACT_EMAIL},
    )
