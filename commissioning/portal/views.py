"""The home page (what the council commissions, for residents; each user's own work, once signed in) and the pages
of the navigation's groups (commissioning.registry.Group), which list each group's items."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from commissioning import registry
from commissioning.portal import context
from commissioning.portal import home as work
from commissioning.reviews import selectors as review_selectors
from commissioning.services import selectors as service_selectors


def home(request: HttpRequest) -> HttpResponse:
    summary = service_selectors.catalogue_summary(user=request.user)
    programme = review_selectors.programme_summary(user=request.user)
    your_work = work.work_of(request.user) if request.user.is_authenticated else None
    return render(request, "portal/home.html", {"summary": summary, "programme": programme, "work": your_work})


def _group_page(request: HttpRequest, group: registry.Group) -> HttpResponse:
    items = context.group_entries(request.user, group)
    return render(request, "portal/group.html", {"group": group, "items": items})


@require_GET
def group(request: HttpRequest, group: str) -> HttpResponse:
    """A group's page: the items of the group that this user may see. A group with none for them (or none at all
    yet, such as Decide before the governance app) is not found."""
    try:
        found = registry.Group(group)
    except ValueError:
        raise Http404("No such group") from None
    if found is registry.Group.ACCOUNT or not context.group_entries(request.user, found):
        raise Http404("No such group")
    return _group_page(request, found)


@require_GET
@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The user's own pages, under their name in the header: notifications, their own items, and signing out."""
    return _group_page(request, registry.Group.ACCOUNT)
