"""Inspection ratings in bulk, from an imported CSV file (the imports app's ``inspections`` kind, issue 13).

All or nothing, in one transaction: the rows come checked by ``engine.ingest.inspections``; a provider that no longer
exists is a problem naming its row, and then nothing is saved. A rating already stored with exactly the same values
(provider, inspectorate, location, date, overall rating and key questions), or given twice in the file, is skipped and
counted, so importing the same file again adds nothing. Each rating added gets one history entry with the reason
(naming the file), as a rating recorded on its page does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from commissioning.accounts.models import Organisation, User
from commissioning.contracts.calculations_quality import InspectionRow
from commissioning.contracts.models import InspectionRating
from commissioning.contracts.models.quality import KEY_QUESTION_FIELDS
from commissioning.core.audit import save_with_history
from commissioning.core.problems import RowProblem, RowsInvalid

PROVIDER_GONE = "the provider is no longer in the system: check it on its organisation page"
KEY_FIELDS = ("organisation_id", "inspectorate", "location", "inspected_on", "overall", *KEY_QUESTION_FIELDS)


@dataclass(frozen=True)
class InspectionsImported:
    created: int
    skipped: int


@transaction.atomic
def inspection_import_rows(*, rows: Sequence[InspectionRow], by: User, reason: str) -> InspectionsImported:
    """Add the file's inspection ratings, skipping exact duplicates; RowsInvalid (naming each row's ``provider``)
    and nothing saved when a row's provider is not there."""
    organisation_ids = {row.organisation_id for row in rows}
    organisations = {
        organisation.pk: organisation
        for organisation in Organisation.objects.select_for_update().filter(pk__in=organisation_ids)
    }
    problems = [
        RowProblem(row.row_number, "provider", PROVIDER_GONE)
        for row in rows
        if row.organisation_id not in organisations
    ]
    if problems:
        raise RowsInvalid(problems)
    seen = set(InspectionRating.objects.filter(organisation_id__in=organisation_ids).values_list(*KEY_FIELDS))
    created = skipped = 0
    for row in rows:
        if row.key in seen:
            skipped += 1
            continue
        seen.add(row.key)
        record = InspectionRating(
            organisation=organisations[row.organisation_id],
            inspectorate=row.inspectorate,
            location=row.location,
            inspected_on=row.inspected_on,
            overall=row.overall,
            **{name: getattr(row, name) for name in KEY_QUESTION_FIELDS},
        )
        save_with_history(record, by=by, reason=reason)
        created += 1
    return InspectionsImported(created=created, skipped=skipped)
