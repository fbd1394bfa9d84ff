"""The demo council: scales, deterministic invented names, and the bulk-saving helper each app's seeder uses.

Every name here is invented: councils, places, people and organisations. Each app adds its own records in a
``demo.py`` module with a ``seed(ctx)`` function; ``manage.py seed_demo`` runs them in order.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Scale:
    name: str
    council_name: str
    council_kind: str
    ons_code: str
    services: int
    directorates: int
    wards: int
    councillors_per_ward: int
    officers: int
    providers: int


SCALES = {
    "district": Scale(
        name="district",
        council_name="Wexcombe Borough Council",
        council_kind="borough",
        ons_code="E07000990",
        services=60,
        directorates=3,
        wards=20,
        councillors_per_ward=2,
        officers=12,
        providers=12,
    ),
    "metropolitan": Scale(
        name="metropolitan",
        council_name="Castlebridge City Council",
        council_kind="city",
        ons_code="E08000990",
        services=600,
        directorates=8,
        wards=33,
        councillors_per_ward=3,
        officers=80,
        providers=60,
    ),
}

FIRST_NAMES = [
    "Aisha",
    "Alex",
    "Amara",
    "Ben",
    "Bethan",
    "Callum",
    "Chloe",
    "Dan",
    "Deepa",
    "Eleanor",
    "Ellis",
    "Farah",
    "Finn",
    "Grace",
    "Hamza",
    "Hannah",
    "Isla",
    "Jack",
    "Jasmine",
    "Kai",
    "Kieran",
    "Lena",
    "Leon",
    "Maya",
    "Mohammed",
    "Nadia",
    "Niamh",
    "Oliver",
    "Owen",
    "Priya",
    "Rhys",
    "Rosa",
    "Ruth",
    "Sam",
    "Sana",
    "Tariq",
    "Tess",
    "Tom",
    "Una",
    "Yusuf",
    "Zara",
    "Imogen",
    "Joel",
    "Marcus",
    "Nell",
    "Omar",
    "Paige",
    "Reuben",
    "Sian",
    "Theo",
]
SURNAME_PARTS = (
    [
        "Ash",
        "Brook",
        "Cald",
        "Dun",
        "Elm",
        "Fen",
        "Gar",
        "Hal",
        "Ing",
        "Kel",
        "Lang",
        "Mar",
        "Nor",
        "Pen",
        "Quen",
        "Rad",
        "Sel",
        "Tam",
        "Ud",
        "Vey",
        "Wren",
        "Yar",
    ],
    [
        "bury",
        "combe",
        "dale",
        "field",
        "ford",
        "gate",
        "holt",
        "lock",
        "more",
        "ridge",
        "shaw",
        "stead",
        "ton",
        "well",
        "wick",
        "worth",
    ],
)
PLACE_PARTS = (
    [
        "Alder",
        "Beacon",
        "Bram",
        "Cinder",
        "Copper",
        "Dove",
        "Eden",
        "Fairy",
        "Fox",
        "Glen",
        "Hare",
        "Heron",
        "Holly",
        "Kestrel",
        "Lark",
        "Linden",
        "Maple",
        "Mill",
        "Moss",
        "Oak",
        "Orchard",
        "Plover",
        "Quarry",
        "Raven",
        "Rowan",
        "Sedge",
        "Sorrel",
        "Teal",
        "Thistle",
        "Wether",
        "Willow",
        "Yew",
    ],
    [
        "bank",
        "bridge",
        "brook",
        "cliffe",
        "croft",
        "field",
        "green",
        "hill",
        "hurst",
        "lea",
        "mead",
        "moor",
        "side",
        "stone",
        "vale",
        "wood",
    ],
)
PARTIES = ["Community First", "Civic Alliance", "Green Future", "Progress Party", "Independent"]


def demo_today() -> dt.date:
    """The demo council's "today": the day its records that run up to the present are dated from (meetings, decisions
    and their call-in windows, the forward plan, gate sign-offs, what members are asked next).

    It is the app's own clock on the day of seeding (``settings.GOVERNANCE_TODAY`` when set, as tests fix it, else the
    local date; governance's ``selectors.decisions.today()`` reads the same), so what the pages work out from that
    clock (a call-in window still open, an ask due next week, a meeting still to come) is what the demo meant.
    """
    fixed = getattr(settings, "GOVERNANCE_TODAY", None)
    return fixed if isinstance(fixed, dt.date) else timezone.localdate()


@dataclass
class SeedContext:
    """What one seeding run knows: the scale, its random stream, its "today", and what earlier seeders made."""

    scale: Scale
    seed: int
    password: str
    rng: random.Random
    made: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    today: dt.date = field(default_factory=demo_today)  # every seeder dating records from "now" dates them from this

    def unique_names(self, parts: tuple[list[str], list[str]], count: int) -> list[str]:
        combos = [a + b for a in parts[0] for b in parts[1]]
        self.rng.shuffle(combos)
        return combos[:count]

    def person_names(self, count: int) -> list[tuple[str, str]]:
        surnames = [a + b for a in SURNAME_PARTS[0] for b in SURNAME_PARTS[1]]
        people = [(first, last) for first in FIRST_NAMES for last in surnames]
        self.rng.shuffle(people)
        return people[:count]


def create_missing(
    model: type[M],
    objects: Sequence[M],
    *,
    key: str,
    ctx: SeedContext,
    reason: str = "Demo council seeded",
) -> dict[Any, M]:
    """Bulk-create (with history) the objects whose natural key is not already in the database.

    Returns every object by key, existing ones as loaded from the database, so a second run changes nothing.
    """
    wanted = {getattr(obj, key): obj for obj in objects}
    existing = {getattr(obj, key): obj for obj in model._default_manager.filter(**{f"{key}__in": list(wanted)})}
    missing = [obj for k, obj in wanted.items() if k not in existing]
    if missing:
        for obj in missing:
            obj._change_reason = reason  # type: ignore[attr-defined]
        created = bulk_create_with_history(missing, model, batch_size=500, default_change_reason=reason)
        # SQLite and PostgreSQL both return primary keys from bulk_create.
        for obj in created:
            existing[getattr(obj, key)] = obj
    ctx.counts[model._meta.verbose_name_plural.__str__()] = len(missing)
    return existing


def add_m2m(
    model: type[models.Model],
    field_name: str,
    pairs: Iterable[tuple[int, int]],
    *,
    new_owner_ids: set[int],
) -> None:
    """Link many-to-many rows for newly created owners, and copy them into the owners' creation history."""
    from django.apps import apps

    field_obj = model._meta.get_field(field_name)
    through = field_obj.remote_field.through  # type: ignore[union-attr]
    owner_col = field_obj.m2m_field_name()  # type: ignore[union-attr]
    target_col = field_obj.m2m_reverse_field_name()  # type: ignore[union-attr]
    rows = [(o, t) for o, t in pairs if o in new_owner_ids]
    through.objects.bulk_create(
        [through(**{f"{owner_col}_id": o, f"{target_col}_id": t}) for o, t in rows], batch_size=2000
    )
    history_model = model.history.model  # type: ignore[attr-defined]
    m2m_history_name = f"{history_model.__name__}_{field_name}"
    try:
        m2m_history = apps.get_model(model._meta.app_label, m2m_history_name)
    except LookupError:
        return
    history_ids = dict(
        history_model.objects.filter(id__in=new_owner_ids, history_type="+").values_list("id", "history_id")
    )
    linked = through.objects.filter(**{f"{owner_col}_id__in": list(history_ids)}).values_list(
        "id", f"{owner_col}_id", f"{target_col}_id"
    )
    m2m_history.objects.bulk_create(
        [
            m2m_history(**{"id": row_id, "history_id": history_ids[o], f"{owner_col}_id": o, f"{target_col}_id": t})
            for row_id, o, t in linked
        ],
        batch_size=2000,
    )
