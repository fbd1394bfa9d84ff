"""Shared fixtures: one user per role, the home council, and a signed-in client per role."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from commissioning.accounts.models import Organisation, User
from commissioning.core.permissions import Role
from tests.factories import OrganisationFactory, UserFactory

ROLES = [
    Role.OFFICER,
    Role.DIRECTOR,
    Role.FINANCE,
    Role.CABINET,
    Role.SCRUTINY,
    Role.COUNCILLOR,
    Role.PROVIDER,
    Role.ADMIN,
]


@pytest.fixture
def council(db: None) -> Organisation:
    return OrganisationFactory(council=True)


@pytest.fixture
def provider_org(db: None) -> Organisation:
    return OrganisationFactory(name="Ashfield Care Ltd")


@pytest.fixture
def other_provider_org(db: None) -> Organisation:
    return OrganisationFactory(name="Brookside Support Ltd")


@pytest.fixture
def make_user(db: None, provider_org: Organisation) -> Callable[..., User]:
    def make(role: str, **kwargs: object) -> User:
        if role == Role.PROVIDER:
            kwargs.setdefault("organisation", provider_org)
        if role == Role.ADMIN:
            kwargs.setdefault("is_staff", True)
        return UserFactory(username=kwargs.pop("username", role), role=role, **kwargs)

    return make


@pytest.fixture
def users(make_user: Callable[..., User]) -> dict[str, User]:
    return {role: make_user(role) for role in ROLES}


@pytest.fixture
def client_for(users: dict[str, User]) -> Callable[[str | None], Client]:
    """A test client signed in as the role (None for an anonymous resident)."""

    def make(role: str | None) -> Client:
        client = Client()
        if role is not None:
            client.force_login(users[role])
        return client

    return make
