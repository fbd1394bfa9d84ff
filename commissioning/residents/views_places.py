"""The view of each place: the list of wards and a ward's page. Open to everyone; what it shows depends on who asks
(selectors_places)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from commissioning.accounts.models import Ward
from commissioning.residents import selectors_places as selectors


@require_GET
def place_list(request: HttpRequest) -> HttpResponse:
    return render(request, "residents/places/list.html", {"wards": selectors.place_list()})


@require_GET
def ward_place(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        place = selectors.place_detail(
            user=request.user, pk=pk, sees_intelligence=request.user.has_perm("residents.view_place_details")
        )
    except Ward.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "residents/places/ward.html",
        {"place": place, "ward": place.ward, "slots": selectors.PLACE_SLOTS},
    )
