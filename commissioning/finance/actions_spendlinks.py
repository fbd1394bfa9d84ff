"""Recording a saving realised read from spend as evidence of realisation (finance-spendlinks).

The figure is worked out here, from the stored spend, never taken from the form: the saving to the end of the month
chosen (the baseline pro rata less the spend on the line's service, engine.finance.spend_savings), less what spend
evidence for the year already says. It is recorded through the savings evidence action (kind "Spend data", with the
months it covers and who recorded it), so the year's realised to date and the tracker move exactly as for any other
evidence. Nothing already recorded is changed: a figure that adds nothing is refused, saying so.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.core.concurrency import claim_form_token
from commissioning.core.models import FormSubmission
from commissioning.finance import selectors_spendlinks as selectors
from commissioning.finance.actions_savings import savings_evidence_add
from commissioning.finance.calculations_spendlinks import financial_year_of, spend_savings
from commissioning.finance.models import EvidenceKind, SavingsEvidence, SavingsLine, SavingsYear

SPEND_NO_SERVICE = "This savings line has no service, so there is no spend to read a saving from"
SPEND_NOT_PLANNED = "Nothing is planned in {year} for this line: choose a month in a year the saving is planned in"
SPEND_NOT_ENDED = "{month} has not ended yet: choose a month that has ended"
SPEND_NO_SPEND = "No spend on {service} has been published for {month}: choose a month with spend"
SPEND_NOTHING_TO_ADD = (
    "Spend from {start} to {end} shows a saving of {saving}, and {recorded} is already recorded from spend for "
    "{year}: there is nothing to add"
)
SPEND_NOTE = (
    "Spend on {service} from {start} to {end}: {spend} paid against {baseline_to_date} of the {baseline} baseline "
    "({months} of 12 months), a saving of {saving} to date{less}."
)
SPEND_NOTE_LESS = "; {recorded} of it already recorded from spend"


def _money(amount: Any) -> str:
    return f"£{amount:,.2f}"


@transaction.atomic
def savings_evidence_from_spend(
    *, line: SavingsLine, through: dt.date, by: Any, form_token: Any = None
) -> SavingsEvidence:
    """Record, as spend-data evidence, the saving realised from April to the end of the month ``through`` (the
    financial year is the month's), less the spend evidence the year already has. Refused, naming why, for a month
    in a year not planned, one that has not ended, one with no spend on the service, or a figure that adds nothing."""
    if form_token and FormSubmission.objects.filter(token=form_token).exists():
        claim_form_token(form_token, by=by)  # a repeat: raises AlreadySubmitted with what the first one recorded
    service = line.service
    if service is None:
        raise ValidationError({"through": SPEND_NO_SERVICE})
    year = financial_year_of(through)
    # Read under the line's lock (the evidence action takes it too), so two people cannot both add the same saving.
    SavingsLine.objects.select_for_update().filter(pk=line.pk).first()
    if not SavingsYear.objects.filter(line=line, financial_year=year.label).exists():
        raise ValidationError({"through": SPEND_NOT_PLANNED.format(year=year.label)})
    monthly = selectors.service_spend_between(service_id=service.pk, start=year.starts, end=year.ends)
    try:
        figure = spend_savings.realised_from_spend(
            baseline=line.baseline, year=year, through=through, monthly=monthly, today=selectors.today()
        )
    except spend_savings.SpendPeriodError as refused:
        month = f"{refused.month:%B %Y}"
        if refused.code == spend_savings.NOT_ENDED:
            raise ValidationError({"through": SPEND_NOT_ENDED.format(month=month)}) from None
        raise ValidationError({"through": SPEND_NO_SPEND.format(service=service.name, month=month)}) from None
    recorded = sum(
        SavingsEvidence.objects.filter(
            line=line, financial_year=year.label, kind=EvidenceKind.SPEND_DATA, archived_at__isnull=True
        ).values_list("amount", flat=True),
        selectors.ZERO,
    )
    start, end = f"{figure.first_month:%B %Y}", f"{figure.last_month:%B %Y}"
    amount = figure.saving - recorded
    if amount <= 0:
        raise ValidationError(
            {
                "through": SPEND_NOTHING_TO_ADD.format(
                    start=start, end=end, saving=_money(figure.saving), recorded=_money(recorded), year=year.label
                )
            }
        )
    note = SPEND_NOTE.format(
        service=service.name,
        start=start,
        end=end,
        spend=_money(figure.spend_to_date),
        baseline_to_date=_money(figure.baseline_to_date),
        baseline=_money(figure.baseline),
        months=figure.months,
        saving=_money(figure.saving),
        less=SPEND_NOTE_LESS.format(recorded=_money(recorded)) if recorded else "",
    )
    return savings_evidence_add(
        line=line,
        financial_year=year.label,
        kind=EvidenceKind.SPEND_DATA,
        amount=amount,
        note=note,
        by=by,
        form_token=form_token,
        period=(figure.first_month, figure.period_end),
    )
