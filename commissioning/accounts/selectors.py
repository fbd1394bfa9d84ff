"""Reads for accounts: the only place that builds their querysets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest

from commissioning.accounts.models import Councillor, Organisation, User, Ward
from commissioning.core.access import SignInRequired


def acting_user(request: HttpRequest) -> User:
    """The signed-in user who is making a change (views call this after a permission check, and pass it to an
    action as ``by=``). Anonymous visitors are sent to sign in."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise SignInRequired
    return user


def home_council() -> Organisation | None:
    return Organisation.objects.filter(is_home=True).only("id", "name", "ons_code").first()


def ward_list() -> QuerySet[Ward]:
    """Every current ward with its current councillors (two queries whatever the size)."""
    return Ward.objects.active().prefetch_related(
        Prefetch("councillors", queryset=Councillor.objects.active().order_by("name"))
    )


def councillor_detail(*, pk: int) -> Councillor:
    return Councillor.objects.select_related("user").prefetch_related("wards").get(pk=pk)


def councillor_profile_of(user: Any) -> Councillor | None:
    """The councillor profile of a signed-in user (a ward councillor, cabinet or scrutiny member), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.councillor_profile  # type: ignore[no-any-return]
    except Councillor.DoesNotExist:
        return None


def ward_count() -> int:
    return Ward.objects.active().count()


WARD_EXPORT_HEADERS = ["Ward", "ONS code", "Councillor", "Party", "Email"]


def ward_export_rows(wards: QuerySet[Ward]) -> Iterator[list[str]]:
    """One row per ward and councillor (a ward with no councillor still gets a row)."""
    for ward in wards:
        councillors = list(ward.councillors.all())
        if not councillors:
            yield [ward.name, ward.ons_code, "", "", ""]
        for councillor in councillors:
            yield [ward.name, ward.ons_code, councillor.name, councillor.party, councillor.email]
