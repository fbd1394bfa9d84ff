"""Complaints as a quality signal (commissioning.core.quality COMPLAINTS): the contracts app's triangulation asks for
complaints per quarter per organisation and per contract, and residents (a sibling it may not import) answers.

- An organisation's complaints are those about the services it delivers: the complaint's provider when it answered
  at stage 1, else the service's provider; the council's own organisation (``Organisation.is_home``) counts the
  complaints about services with no provider (delivered in-house).
- A contract's complaints are those about the services it covers (``Service.contracts``, the contracts app's link to
  services, read as a relation: residents imports nothing of contracts).
- The series is the last ``QUARTERS`` financial quarters, the current one (so far) last, oldest first, zeros
  included, so that triangulation compares the latest quarter with the ones before.

Two queries for organisations and one for contracts, however many are asked about; anonymous counts only.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection

from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from commissioning.accounts.models import Organisation
from commissioning.core import quality
from commissioning.residents.calculations_complaints import quarter_of
from commissioning.residents.models import Complaint

QUARTERS = 4


def _series(tally: Counter[tuple[int, str]], key: int, labels: list[str]) -> tuple[tuple[str, int], ...]:
    return tuple((label, tally[(key, label)]) for label in labels)


def complaint_counts(
    *, organisation_ids: Collection[int] = (), contract_ids: Collection[int] = (), today: dt.date | None = None
) -> quality.Counts:
    """Complaints received per quarter over the last QUARTERS quarters, per organisation and per contract asked
    about (every one asked about gets a series, zeros included)."""
    current = quarter_of(today or timezone.localdate())
    quarters = [current.plus(-n) for n in range(QUARTERS - 1, -1, -1)]
    labels = [q.label for q in quarters]
    since = quarters[0].starts
    by_organisation: dict[int, tuple[tuple[str, int], ...]] = {}
    by_contract: dict[int, tuple[tuple[str, int], ...]] = {}
    recent = Complaint.objects.filter(received_on__gte=since).order_by()
    if organisation_ids:
        home = set(Organisation.objects.filter(pk__in=organisation_ids, is_home=True).values_list("pk", flat=True))
        asked = Q(provider_id__in=organisation_ids) | Q(
            provider__isnull=True, service__provider_id__in=organisation_ids
        )
        if home:
            asked |= Q(provider__isnull=True, service__provider__isnull=True)
        tally: Counter[tuple[int, str]] = Counter()
        home_id = next(iter(home), None)
        for organisation_id, received in (
            recent.filter(asked)
            .annotate(organisation_id=Coalesce("provider_id", "service__provider_id"))
            .values_list("organisation_id", "received_on")
        ):
            tally[(organisation_id or home_id or 0, quarter_of(received).label)] += 1
        by_organisation = {pk: _series(tally, pk, labels) for pk in organisation_ids}
    if contract_ids:
        tally = Counter()
        for contract_id, received in (
            recent.filter(service__contracts__in=contract_ids)
            .annotate(contract_id=F("service__contracts"))
            .values_list("contract_id", "received_on")
        ):
            tally[(contract_id, quarter_of(received).label)] += 1
        by_contract = {pk: _series(tally, pk, labels) for pk in contract_ids}
    return quality.Counts(by_organisation=by_organisation, by_contract=by_contract)
