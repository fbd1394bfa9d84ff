"""The page that records a saving read from spend as evidence of realisation (finance-spendlinks). Thin: the line,
its permission, the form, one action, render or redirect."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from commissioning.accounts.selectors import acting_user
from commissioning.core import generic
from commissioning.core.access import require
from commissioning.finance import actions_spendlinks as actions
from commissioning.finance import selectors_savings
from commissioning.finance import selectors_spendlinks as selectors
from commissioning.finance.forms_spendlinks import SpendEvidenceForm

SPEND_EVIDENCE_SAVED = "Spend data recorded as evidence: {amount} realised from {start} to {end}"
TITLE = "Record the saving shown by spend"


@require_http_methods(["GET", "POST"])
def saving_spend_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    line = generic.get_visible_or_404(request, selectors_savings.savings_line_detail, "finance.view_savingsline", pk=pk)
    require(request, "finance.update_savingsline", line)
    spend = selectors.line_spend(line=line)
    offered = next((year.offered.last_month for year in reversed(spend.years) if year.offered), None) if spend else None
    form = SpendEvidenceForm(request.POST or None, line=line, offered=offered)
    back = reverse("finance:saving-detail", args=[line.pk])
    return generic.save_page(
        request,
        form,
        lambda: actions.savings_evidence_from_spend(
            line=line, through=form.month, by=acting_user(request), form_token=form.token
        ),
        done=lambda evidence: SPEND_EVIDENCE_SAVED.format(
            amount=f"£{evidence.amount:,.2f}",
            start=f"{evidence.period_start:%B %Y}",
            end=f"{evidence.period_end:%B %Y}",
        ),
        to=lambda _evidence: back,
        template="finance/savings/spend_evidence.html",
        context={"title": TITLE, "back": back, "line": line, "spend": spend},
    )
