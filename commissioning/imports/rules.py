"""Who may import what, and see which imports (django-rules, autodiscovered).

- Service budgets: finance officers, whose work they are, and commissioning officers and strategic directors, who
  may already change any service's budget on its edit page (services.change_service): refusing them the import
  would protect nothing, and only make them type sixty budgets by hand.
- Indicator measurements: whoever may record them on the indicator's page (outcomes.add_measurement):
  commissioning officers and strategic directors, and finance officers for the indicators measured in pounds only.
  The upload page offers finance officers measurements, and the import refuses, row by row, the values of any
  other indicator (``actions.NOT_YOUR_INDICATOR``).
- Spend over £500 (a council's published spend file, saved by the finance app): finance officers only.
- Inspection ratings (CSV, saved by the contracts app): commissioning officers, who record them on a provider's
  quality page (contracts.record_quality).
- Seeing jobs: the person who uploaded the file; finance officers, strategic directors and administrators see
  everyone's, to follow the council's data loads and help when one fails. Other roles have no imports at all: the
  list and upload pages refuse them (403), and a job's page answers 404 to anyone who may not see it.
- Trying again a job whose worker died: whoever may see the job and may import its kind (the uploader, or a
  finance officer or director following the council's loads; not an administrator, who imports nothing). The job
  runs as its uploader, whose rights checked its rows.
"""

from __future__ import annotations

from typing import Any

import rules

from commissioning.core.permissions import is_admin, is_director, is_finance, is_officer, is_signed_in

can_import_budgets = is_finance | is_officer | is_director
can_import_measurements = is_officer | is_director | is_finance  # finance: money indicators only, row by row
can_import_spend = is_finance  # finance officers own spend (issue 12)
can_import_inspections = is_officer  # whoever records an inspection rating on its page (contracts.record_quality)
can_import = can_import_budgets | can_import_measurements | can_import_spend | can_import_inspections
can_view_all = is_finance | is_director | is_admin


@rules.predicate
def is_uploader(user: Any, job: Any) -> bool:
    return job is not None and getattr(job, "created_by_id", None) == user.pk


@rules.predicate
def may_import_its_kind(user: Any, job: Any) -> bool:
    return job is not None and user.has_perm(f"imports.import_{job.kind}")


rules.add_perm("imports.import_budgets", can_import_budgets)
rules.add_perm("imports.import_measurements", can_import_measurements)
rules.add_perm("imports.import_spend", can_import_spend)
rules.add_perm("imports.import_inspections", can_import_inspections)
rules.add_perm("imports.add_importjob", can_import)
rules.add_perm("imports.view_all_importjobs", can_view_all)
rules.add_perm("imports.list_importjobs", can_import | can_view_all)
rules.add_perm("imports.view_importjob", can_view_all | (is_signed_in & is_uploader))
rules.add_perm("imports.retry_importjob", (can_view_all | (is_signed_in & is_uploader)) & may_import_its_kind)
