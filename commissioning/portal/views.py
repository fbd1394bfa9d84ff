"""The home page: what the council commissions, at a glance, for whoever is looking."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from commissioning.reviews import selectors as review_selectors
from commissioning.services import selectors as service_selectors


def home(request: HttpRequest) -> HttpResponse:
    summary = service_selectors.catalogue_summary(user=request.user)
    programme = review_selectors.programme_summary(user=request.user)
    return render(request, "portal/home.html", {"summary": summary, "programme": programme})
