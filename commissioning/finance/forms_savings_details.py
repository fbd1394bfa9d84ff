"""The form for a savings line's title, accountable owner, directorate and service, with the reason (finfinish)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from commissioning.accounts.models import User
from commissioning.core.forms import VersionedFormMixin
from commissioning.core.permissions import Role
from commissioning.finance.actions_savings_details import (
    DETAILS_REASON_REQUIRED,
    OWNER_NOT_OF_THE_COUNCIL,
    OWNER_ROLES,
    TITLE_REQUIRED,
    SavingsLineEdit,
)
from commissioning.finance.forms_savings import DIRECTORATE_REQUIRED, OWNER_REQUIRED
from commissioning.services.models import Directorate, Service


class SavingsLineEditForm(VersionedFormMixin, forms.Form):
    title = forms.CharField(label="Saving", max_length=200, error_messages={"required": TITLE_REQUIRED})
    owner = forms.ModelChoiceField(
        label="Accountable owner",
        queryset=User.objects.none(),
        error_messages={
            "required": OWNER_REQUIRED,
            "invalid_choice": OWNER_NOT_OF_THE_COUNCIL.format(name="the person chosen"),
        },
    )
    directorate = forms.ModelChoiceField(
        queryset=Directorate.objects.none(), error_messages={"required": DIRECTORATE_REQUIRED}
    )
    service = forms.ModelChoiceField(label="Service (optional)", queryset=Service.objects.none(), required=False)
    reason = forms.CharField(
        label="Why are the details changing?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": DETAILS_REASON_REQUIRED},
        help_text="Recorded in the line's history.",
    )

    def __init__(self, *args: Any, line: Any, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).update(
            title=line.title, owner=line.owner_id, directorate=line.directorate_id, service=line.service_id
        )
        super().__init__(*args, versioned=line, **kwargs)
        fields: Any = self.fields
        # the council's active officers, directors and finance officers; the owner now too, so that a line whose owner
        # has left shows them (saving then asks for someone else, by name)
        fields["owner"].queryset = User.objects.filter(
            Q(is_active=True, role__in=OWNER_ROLES) | Q(pk=line.owner_id)
        ).order_by("first_name", "last_name")
        directorates = Directorate.objects.active()
        if user.role == Role.DIRECTOR:
            directorates = directorates.filter(Q(director=user) | Q(pk=line.directorate_id))
        fields["directorate"].queryset = directorates.order_by("name")
        fields["service"].queryset = Service.objects.active().order_by("name")

    def details(self) -> SavingsLineEdit:
        data = self.cleaned_data
        return SavingsLineEdit(
            title=data["title"],
            owner=data["owner"],
            directorate=data["directorate"],
            service=data["service"],
            reason=data["reason"],
        )
