"""manage.py seed_demo: deterministic, idempotent, the right size, one login per role, invented names only."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from commissioning.accounts.demo import DEMO_LOGINS
from commissioning.accounts.models import Councillor, Organisation, User, Ward
from commissioning.core.permissions import Role
from commissioning.portal.management.commands.seed_demo import DEFAULT_DEMO_PASSWORD
from commissioning.services.models import Directorate, Service
from tests import demo
from tests.demo import DemoCouncil

pytestmark = pytest.mark.django_db

METROPOLITAN = pytest.param("metropolitan", marks=pytest.mark.slow)
SIZES = {
    # scale: (services, directorates, wards, councillors, home council)
    "district": (60, 3, 20, 40, "Wexcombe Borough Council"),
    "metropolitan": (600, 8, 33, 99, "Castlebridge City Council"),
}

# People named in the council minutes in /work/shared/seeds/: none may turn up in the demo council.
BANNED_PEOPLE = [
    "Barbara Driver",
    "Paul Truswell",
    "Pauleen Grahame",
    "Mary Harland",
    "Sue Bentley",
    "James Lewis",
    "Steve Jordan",
    "Tom Riordan",
    "Sue Rumbold",
    "Mick Ward",
    "Chris Dickinson",
    "Mark Sheldon",
    "Peter Lewis",
]
BANNED_SURNAMES = [
    "Driver",
    "Truswell",
    "Grahame",
    "Harland",
    "Bentley",
    "Riordan",
    "Rumbold",
    "Dickinson",
    "Sheldon",
    "McLain",
]
BANNED_PLACES = ["Cheltenham", "Leeds"]


def seed(scale: str = "district", **options: Any) -> str:
    out = io.StringIO()
    call_command("seed_demo", scale=scale, stdout=out, **options)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    """Rows in every table the project owns, history and many-to-many tables included."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in {"accounts", "services", "reviews", "auth"}
    }


@demo.read_after_each_seed
def fingerprint() -> dict[str, list[tuple[Any, ...]]]:
    return {
        "services": list(
            Service.objects.order_by("reference").values_list(
                "reference",
                "name",
                "gross_budget",
                "net_budget",
                "delivery_model",
                "provider__name",
                "accountable_officer__username",
                "published",
                "review_status",
                "annual_demand",
            )
        ),
        "service wards": sorted(Service.wards.through.objects.values_list("service__reference", "ward__ons_code")),
        "wards": list(Ward.objects.order_by("ons_code").values_list("ons_code", "name")),
        "councillors": list(Councillor.objects.order_by("name").values_list("name", "party", "email")),
        "users": list(User.objects.order_by("username").values_list("username", "first_name", "last_name", "role")),
        "organisations": list(Organisation.objects.order_by("name").values_list("name", "kind")),
    }


def test_same_seed_gives_the_same_council(demo_seeds: demo.Seeds) -> None:
    """Seeded into an empty database twice with one seed (tests/demo.py seeds, reads and rolls back)."""
    first, second = demo_seeds.runs(fingerprint, 2026)
    assert first == second
    assert len(first["services"]) == 60


def test_a_different_seed_gives_a_different_council(demo_seeds: demo.Seeds) -> None:
    default = demo_seeds.default(fingerprint)
    (other,) = demo_seeds.runs(fingerprint, 7)
    assert [s[2] for s in default["services"]] != [s[2] for s in other["services"]]  # budgets
    assert default["wards"] != other["wards"]


def test_second_run_creates_and_changes_nothing(demo_district: DemoCouncil) -> None:
    first_output = demo_district.output
    assert "records created" in first_output
    counts = row_counts()
    services = list(Service.objects.order_by("pk").values())
    users = list(User.objects.order_by("pk").values())
    councillors = list(Councillor.objects.order_by("pk").values())

    second_output = seed()

    assert "0 records created" in second_output
    assert "already seeded: nothing to do" in second_output
    assert row_counts() == counts
    assert list(Service.objects.order_by("pk").values()) == services
    assert list(User.objects.order_by("pk").values()) == users
    assert list(Councillor.objects.order_by("pk").values()) == councillors


def test_second_run_leaves_edits_alone(demo_district: DemoCouncil) -> None:
    service = Service.objects.get(reference="CMH-001")
    Service.objects.filter(pk=service.pk).update(name="Renamed by an officer", published=False)
    history_before = Service.history.count()

    seed()

    service.refresh_from_db()
    assert service.name == "Renamed by an officer"
    assert service.published is False
    assert Service.history.count() == history_before


@pytest.mark.parametrize("demo_council", ["district", METROPOLITAN], indirect=True)
def test_each_scale_has_its_size(demo_council: DemoCouncil) -> None:
    scale = demo_council.scale
    services, directorates, wards, councillors, council = SIZES[scale]
    assert Service.objects.count() == services
    assert Directorate.objects.count() == directorates
    assert Ward.objects.count() == wards
    assert Councillor.objects.count() == councillors
    assert Organisation.objects.get(is_home=True).name == council
    # Every service serves at least one ward and every councillor sits for one.
    assert not Service.objects.filter(wards__isnull=True).exists()
    assert not Councillor.objects.filter(wards__isnull=True).exists()


@demo.read_after_each_seed
def demo_logins() -> dict[str, Any]:
    """Who can sign in, and with which password (tests/demo.py seeds 7 with DEMO_PASSWORD set, 2026 without)."""
    users = list(User.objects.select_related("organisation"))
    provider = next(user for user in users if user.username == "provider")
    return {
        "logins": {
            user.username: (
                user.role,
                user.is_active,
                user.check_password(demo.DEMO_PASSWORD_FOR_SEED_7),
                user.check_password(DEFAULT_DEMO_PASSWORD),
            )
            for user in users
            if user.has_usable_password()
        },
        "provider organisation": (provider.organisation is not None, provider.organisation.is_home),
        "councillor profile": Councillor.objects.filter(user__username="councillor").count(),
        "staff": sorted(user.username for user in users if user.is_staff),
    }


def test_one_demo_login_per_role_with_the_demo_password(demo_seeds: demo.Seeds) -> None:
    (seeded,) = demo_seeds.runs(demo_logins, 7)  # seeded with DEMO_PASSWORD set

    expected = {
        "officer": Role.OFFICER,
        "director": Role.DIRECTOR,
        "finance": Role.FINANCE,
        "cabinet": Role.CABINET,
        "scrutiny": Role.SCRUTINY,
        "councillor": Role.COUNCILLOR,
        "provider": Role.PROVIDER,
        "admin": Role.ADMIN,
        "democratic": Role.DEMOCRATIC,
        "partner": Role.PARTNER,
        "legal": Role.LEGAL,
    }
    assert {username: role for username, role, _title in DEMO_LOGINS} == expected
    assert set(expected.values()) == {value for value, _label in Role.CHOICES}
    # Nobody else can sign in: the accountable officers and directors have unusable passwords.
    assert set(seeded["logins"]) == set(expected)
    for username, role in expected.items():
        # role, active, the password given in DEMO_PASSWORD, not the default one
        assert seeded["logins"][username] == (role, True, True, False), username
    # The provider login belongs to a provider organisation, and the councillor login has its profile.
    assert seeded["provider organisation"] == (True, False)
    assert seeded["councillor profile"] == 1
    assert seeded["staff"] == ["admin"]


def test_default_demo_password(demo_seeds: demo.Seeds) -> None:
    without_demo_password = demo_seeds.runs(demo_logins, 2026)[-1]  # seeded here with DEMO_PASSWORD unset
    assert without_demo_password["logins"]["officer"] == (Role.OFFICER, True, False, True)


def test_demo_provider_delivers_an_unpublished_service(demo_district: DemoCouncil) -> None:
    """So that "a provider sees its own organisation's unpublished services" shows in the demo."""
    provider = User.objects.get(username="provider")
    own = Service.objects.filter(provider=provider.organisation)
    assert own.filter(published=False).exists()


def test_seeding_another_scale_into_a_seeded_database_is_refused(demo_district: DemoCouncil) -> None:
    counts = row_counts()

    with pytest.raises(CommandError, match="Wexcombe Borough Council"):
        seed("metropolitan")

    assert row_counts() == counts
    assert not Organisation.objects.filter(name="Castlebridge City Council").exists()


@pytest.mark.slow
def test_seeding_district_into_a_metropolitan_database_is_refused(demo_metropolitan: DemoCouncil) -> None:
    with pytest.raises(CommandError, match="Castlebridge City Council"):
        seed("district")
    assert Service.objects.count() == 600


def test_refuses_without_demo_users_allowed(settings: Any) -> None:
    settings.DEMO_USERS_ALLOWED = False
    with pytest.raises(CommandError, match="DEMO_USERS_ALLOWED"):
        seed()
    assert not User.objects.exists()
    assert not Organisation.objects.exists()
    assert not Service.objects.exists()


@pytest.mark.parametrize("demo_council", ["district", METROPOLITAN], indirect=True)
def test_no_names_from_the_seed_minutes(demo_council: DemoCouncil) -> None:
    texts: list[str] = []
    for user in User.objects.all():
        texts += [user.first_name, user.last_name, user.get_full_name(), user.username, user.email]
    texts += [f"{c.name} {c.email}" for c in Councillor.objects.all()]
    texts += list(Organisation.objects.values_list("name", flat=True))
    texts += list(Ward.objects.values_list("name", flat=True))
    texts += list(Directorate.objects.values_list("name", flat=True))
    for name, description in Service.objects.values_list("name", "description"):
        texts += [name, description]
    everything = "\n".join(texts)

    for person in BANNED_PEOPLE:
        assert person.lower() not in everything.lower(), person
    for word in BANNED_SURNAMES + BANNED_PLACES:
        assert not re.search(rf"\b{word}\b", everything, flags=re.IGNORECASE), word


@pytest.mark.parametrize("demo_council", ["district", METROPOLITAN], indirect=True)
def test_every_seeded_record_has_a_creation_entry_with_its_wards(demo_council: DemoCouncil) -> None:
    for model, owner in [(Service, "service"), (Councillor, "councillor")]:
        ward_history = apps.get_model(model._meta.app_label, f"Historical{model.__name__}_wards")
        created = {
            entry.id: entry
            for entry in model.history.filter(history_type="+")  # type: ignore[attr-defined]
        }
        assert set(created) == set(model.objects.values_list("pk", flat=True)), model.__name__
        assert model.history.count() == len(created)  # type: ignore[attr-defined]
        assert {entry.history_change_reason for entry in created.values()} == {"Demo council seeded"}

        current: dict[int, set[int]] = {}
        for owner_id, ward_id in model.wards.through.objects.values_list(f"{owner}_id", "ward_id"):
            current.setdefault(owner_id, set()).add(ward_id)
        recorded: dict[int, set[int]] = {}
        for history_id, ward_id in ward_history.objects.values_list("history_id", "ward_id"):
            recorded.setdefault(history_id, set()).add(ward_id)

        for pk, entry in created.items():
            assert current.get(pk), f"{model.__name__} {pk} has no wards"
            assert recorded.get(entry.history_id) == current[pk], f"{model.__name__} {pk}"
