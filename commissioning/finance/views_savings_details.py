"""The page that changes a savings line's title, accountable owner, directorate and service, with a reason, through
core's edit shape (finfinish). Finance officers for every line; a director for their own directorate's lines."""

from __future__ import annotations

from django.urls import reverse

from commissioning.core import generic
from commissioning.finance import actions_savings_details as actions
from commissioning.finance import selectors_savings as selectors
from commissioning.finance.forms_savings_details import SavingsLineEditForm

DETAILS_SAVED = "The saving's details have been saved"

saving_edit = generic.edit_view(
    lambda request, pk: generic.get_visible_or_404(
        request, selectors.savings_line_detail, "finance.view_savingsline", pk=pk
    ),
    perm="finance.edit_savingsline",
    form=SavingsLineEditForm,
    form_kwargs=lambda request, line: {"line": line, "user": request.user},
    act=lambda form, line, **kw: actions.savings_line_details_update(line=line, details=form.details(), **kw),
    done=lambda line, saved, **_: DETAILS_SAVED,
    to=lambda line: reverse("finance:saving-detail", args=[line.pk]),
    template="finance/form.html",
    context=lambda form, line: {
        "title": "Change the saving's details",
        "back": reverse("finance:saving-detail", args=[line.pk]),
        "line": line,
    },
)
