"""Sign in and out, wards and councillors."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from commissioning.accounts import actions, selectors
from commissioning.accounts.forms import CouncillorProfileForm, SignInForm
from commissioning.accounts.models import Councillor
from commissioning.core import generic

LOCKED_OUT = (
    "You have entered the wrong password too many times. Wait {minutes} minutes and try again, or ask an "
    "administrator to unlock your account."
)
OWN_PROFILE_UPDATED = "Your profile has been updated."
PROFILE_UPDATED = "Councillor {name}'s profile has been updated."


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/sign_in.html"
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    pass


def locked_out(request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any) -> HttpResponse:
    """Shown by django-axes after too many failed sign-ins (429 Too Many Requests)."""
    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    return render(request, "accounts/locked_out.html", {"message": LOCKED_OUT.format(minutes=minutes)}, status=429)


def ward_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.ward_list(), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/ward_list.html", {"page": page, "wards": page.object_list})


ward_export = generic.export_view(
    name="wards-and-councillors",
    sheet="Wards",
    headers=selectors.WARD_EXPORT_HEADERS,
    rows=lambda request: selectors.ward_export_rows(selectors.ward_list()),
)


def _councillor(request: HttpRequest, pk: int) -> Councillor:
    # The selector reads every councillor; who may see one is the permission alone (current ones, or staff).
    return generic.get_visible_or_404(
        request, lambda *, user, pk: selectors.councillor_detail(pk=pk), "accounts.view_councillor", pk=pk
    )


def councillor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    councillor = _councillor(request, pk)
    return render(
        request, "accounts/councillor_detail.html", {"councillor": councillor, "object": councillor, "tab": "summary"}
    )


councillor_edit = generic.edit_view(
    _councillor,
    perm="accounts.change_councillor",
    form=CouncillorProfileForm,
    act=lambda form, councillor, **kw: actions.councillor_update(
        councillor=councillor,
        email=form.cleaned_data["email"],
        phone=form.cleaned_data["phone"],
        surgery_details=form.cleaned_data["surgery_details"],
        **kw,
    ),
    done=lambda councillor, _saved, request, **_: (
        OWN_PROFILE_UPDATED
        if councillor.user_id is not None and councillor.user_id == request.user.pk
        else PROFILE_UPDATED.format(name=councillor.name)
    ),
    to=lambda councillor: reverse("accounts:councillor-detail", args=[councillor.pk]),
    template="accounts/councillor_form.html",
    context=lambda form, councillor: {"councillor": councillor},
)


councillor_history = generic.history_view(
    _councillor,
    perm="accounts.view_councillor_history",
    tabs="accounts/_councillor_header.html",
    context=lambda councillor: {"councillor": councillor},
)
