"""Rights in the admin site: only a superuser grants superuser, staff, groups or permissions; an administrator manages
people and their roles; every change of role or rights is one entry in the user's history, saying who made it."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from commissioning.accounts.demo import administrators_group
from commissioning.accounts.models import User
from commissioning.core.permissions import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator() -> User:
    """The demo's `admin`: the administrator role, staff, and its admin-site rights from the Administrators group."""
    admin = UserFactory(username="admin", role=Role.ADMIN, is_staff=True, first_name="Sam", last_name="Patel")
    administrators_group(admin)
    return admin


@pytest.fixture
def superuser() -> User:
    return UserFactory(username="root", role=Role.ADMIN, is_staff=True, is_superuser=True)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _change_url(user: User) -> str:
    return f"/admin/accounts/user/{user.pk}/change/"


def _form(user: User, **changes: Any) -> dict[str, Any]:
    """The admin's change form for the user as it stands, with changes (booleans as ticked boxes)."""
    data: dict[str, Any] = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "groups": [group.pk for group in user.groups.all()],
        "user_permissions": [perm.pk for perm in user.user_permissions.all()],
        "date_joined_0": user.date_joined.strftime("%d/%m/%Y"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "last_login_0": "",
        "last_login_1": "",
        "role": user.role,
        "job_title": user.job_title,
        "organisation": user.organisation_id or "",
    }
    data.update(changes)
    return {key: ("on" if value is True else value) for key, value in data.items() if value is not False}


def test_an_administrator_cannot_make_themselves_a_superuser(administrator: User) -> None:
    client = _client(administrator)
    page = client.get(_change_url(administrator)).content.decode()
    for field in ("is_superuser", "is_staff", "groups", "user_permissions"):
        assert f'name="{field}"' not in page, field

    everything = Permission.objects.filter(content_type__app_label="intelligence")
    response = client.post(
        _change_url(administrator),
        _form(
            administrator,
            is_superuser=True,
            groups=[*Group.objects.values_list("pk", flat=True), Group.objects.create(name="Everything").pk],
            user_permissions=list(everything.values_list("pk", flat=True)),
            job_title="Systems administrator (acting)",
        ),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    administrator.refresh_from_db()
    assert administrator.job_title == "Systems administrator (acting)"  # what they may change, they did
    assert not administrator.is_superuser
    assert list(administrator.groups.values_list("name", flat=True)) == ["Administrators"]
    assert not administrator.user_permissions.exists()
    # So their role still decides what they see: no ward intelligence for an administrator.
    assert not administrator.has_perm("intelligence.view_wardintelligence")


def test_an_administrator_changes_roles_but_grants_no_rights(administrator: User) -> None:
    officer = UserFactory(username="officer", role=Role.OFFICER)
    group = Group.objects.get(name="Administrators")

    response = _client(administrator).post(
        _change_url(officer), _form(officer, role=Role.DIRECTOR, is_staff=True, groups=[group.pk])
    )

    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.role == Role.DIRECTOR
    assert not officer.is_staff
    assert not officer.groups.exists()
    entry = officer.history.latest()
    assert (entry.role, entry.history_user) == (Role.DIRECTOR, administrator)


def test_a_role_is_one_of_the_roles_the_product_defines(administrator: User) -> None:
    officer = UserFactory(username="officer", role=Role.OFFICER)

    response = _client(administrator).post(_change_url(officer), _form(officer, role="superuser"))

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    officer.refresh_from_db()
    assert officer.role == Role.OFFICER


def test_an_administrator_cannot_change_a_superusers_account(administrator: User, superuser: User) -> None:
    client = _client(administrator)

    assert client.post(_change_url(superuser), _form(superuser, first_name="Taken")).status_code == 403
    password = f"/admin/accounts/user/{superuser.pk}/password/"
    assert client.post(password, {"password1": "n3w-pa55word!", "password2": "n3w-pa55word!"}).status_code == 403
    superuser.refresh_from_db()
    assert superuser.first_name != "Taken"
    assert not superuser.check_password("n3w-pa55word!")


def test_a_superuser_grants_rights_and_the_history_says_who(superuser: User) -> None:
    officer = UserFactory(username="officer", role=Role.OFFICER)
    group, _created = Group.objects.get_or_create(name="Administrators")
    permission = Permission.objects.get(codename="change_councillor")
    client = _client(superuser)
    before = officer.history.count()

    response = client.post(
        _change_url(officer),
        _form(officer, is_staff=True, is_superuser=True, groups=[group.pk], user_permissions=[permission.pk]),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    officer.refresh_from_db()
    assert (officer.is_staff, officer.is_superuser) == (True, True)
    assert officer.history.count() == before + 1  # one save, one entry, the groups and permissions in it
    entry = officer.history.latest()
    assert entry.history_user == superuser
    assert (entry.is_staff, entry.is_superuser) == (True, True)
    assert [row.group for row in entry.groups.all()] == [group]
    assert [row.permission for row in entry.user_permissions.all()] == [permission]
    previous = entry.prev_record
    assert (previous.is_staff, previous.is_superuser) == (False, False)
    assert not previous.groups.exists()

    client.post(_change_url(officer), _form(officer, is_superuser=False, groups=[], user_permissions=[]))

    entry = officer.history.latest()
    assert officer.history.count() == before + 2
    assert (entry.history_user, entry.is_superuser, entry.is_staff) == (superuser, False, True)
    assert not entry.groups.exists()
    assert not entry.user_permissions.exists()
    assert client.get(f"/admin/accounts/user/{officer.pk}/history/").status_code == 200


def test_an_administrator_adds_a_user_in_one_history_entry(administrator: User) -> None:
    response = _client(administrator).post(
        "/admin/accounts/user/add/",
        {
            "username": "newstarter",
            "usable_password": "true",
            "password1": "a-long-pa55word!",
            "password2": "a-long-pa55word!",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="newstarter")
    assert (user.is_staff, user.is_superuser, user.is_demo) == (False, False, False)
    [entry] = user.history.all()
    assert (entry.history_type, entry.history_user) == ("+", administrator)


def test_an_administrator_keeps_the_councils_governance_settings_and_power_rules(administrator: User) -> None:
    client = _client(administrator)
    assert client.get("/admin/governance/governancesettings/").status_code == 200
    assert client.get("/admin/governance/decisionpowerrule/").status_code == 200
    assert administrator.has_perm("governance.change_governancesettings")
    assert administrator.has_perm("governance.add_decisionpowerrule")
    # Reference data only: not the decisions themselves.
    assert not administrator.has_perm("governance.change_decision")
