"""Forms for a pool's partners (add, change, remove) and their payments (finfinish). A form that changes one partner
offers the other partners' risk shares too (a field ``share_<partner pk>`` each), so percentages can be rebalanced to
add up to 100 in the same save; the action checks that they do."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from commissioning.accounts.models import Organisation
from commissioning.core.forms import GovukDateField, MoneyField, OneTimeFormMixin, RecordFormMixin, VersionedFormMixin
from commissioning.finance.actions_pool_partners import PartnerDetails
from commissioning.finance.forms_pools import AMOUNT_INVALID, AMOUNT_NEGATIVE, SHARE_REQUIRED
from commissioning.finance.models import PooledFund, PoolPartner, RiskShareMethod

ORGANISATION_REQUIRED = "Choose the partner organisation"
PARTNER_SHARE_REQUIRED = "Enter the partner's risk share, or 0"
EMAIL_INVALID = "Enter the contact's email address in the correct format, like name@example.org"
PAYMENT_PARTNER_REQUIRED = "Choose the partner who paid"
PAYMENT_AMOUNT_REQUIRED = "Enter the amount paid, like 1200000 or -500 for a refund"
REMOVE_REASON_REQUIRED = "Enter why the partner is leaving the pool"


def _share_label(pool: PooledFund, name: str) -> str:
    unit = "per cent" if pool.method == RiskShareMethod.PERCENTAGE else "£ a year"
    return f"{name}'s risk share ({unit})"


def _share(label: str, required: str) -> MoneyField:
    return MoneyField(
        label=label,
        invalid_message=AMOUNT_INVALID,
        negative_message=AMOUNT_NEGATIVE,
        error_messages={"required": required},
    )


class OtherSharesMixin:
    """The other partners' risk shares, one field each, set to what they are now."""

    def add_other_shares(self, pool: PooledFund, but: PoolPartner | None) -> None:
        form: Any = self
        self.others = [p for p in pool.partners.all() if p.archived_at is None and (but is None or p.pk != but.pk)]
        for partner in self.others:
            name = partner.display_name
            form.fields[f"share_{partner.pk}"] = _share(_share_label(pool, name), SHARE_REQUIRED.format(name=name))
            form.initial.setdefault(f"share_{partner.pk}", partner.share)

    def other_share_fields(self) -> list[Any]:
        form: Any = self
        return [form[f"share_{p.pk}"] for p in self.others]

    def shares(self) -> dict[int, Decimal]:
        form: Any = self
        return {p.pk: form.cleaned_data[f"share_{p.pk}"] for p in self.others}


class PartnerForm(OtherSharesMixin, RecordFormMixin, forms.Form):
    """A partner's details: adding one (a one-time token) or changing one (its version)."""

    organisation = forms.ModelChoiceField(
        label="Partner organisation",
        queryset=Organisation.objects.filter(kind__in=[Organisation.Kind.COUNCIL, Organisation.Kind.PARTNER]).order_by(
            "name"
        ),
        empty_label="Choose an organisation",
        error_messages={"required": ORGANISATION_REQUIRED, "invalid_choice": ORGANISATION_REQUIRED},
    )
    name = forms.CharField(
        label="Name in the agreement (optional)",
        max_length=200,
        required=False,
        help_text="Leave blank to use the organisation's name.",
    )
    share = _share("Risk share", PARTNER_SHARE_REQUIRED)
    contact_name = forms.CharField(label="Contact (optional)", max_length=200, required=False)
    contact_email = forms.EmailField(
        label="Contact's email address (optional)",
        max_length=254,
        required=False,
        error_messages={"invalid": EMAIL_INVALID},
    )

    def __init__(self, *args: Any, pool: PooledFund, partner: PoolPartner | None = None, **kwargs: Any) -> None:
        if partner is not None:
            kwargs.setdefault("initial", {}).update(
                organisation=partner.organisation_id,
                name=partner.name,
                share=partner.share,
                contact_name=partner.contact_name,
                contact_email=partner.contact_email,
            )
        super().__init__(*args, versioned=partner, **kwargs)
        self.fields["share"].label = _share_label(pool, "The partner")
        self.fields["share"].help_text = (
            "The partners' shares must add up to 100%. Change the other partners' shares below to make room."
            if pool.method == RiskShareMethod.PERCENTAGE
            else "A fixed amount a year: the partner meets this much of an overspend before the rest is shared."
        )
        self.add_other_shares(pool, partner)

    def details(self) -> PartnerDetails:
        data = self.cleaned_data
        return PartnerDetails(
            organisation=data["organisation"],
            name=data["name"],
            share=data["share"],
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
        )


class PartnerRemoveForm(OtherSharesMixin, VersionedFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why is the partner leaving the pool?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": REMOVE_REASON_REQUIRED},
    )

    def __init__(self, *args: Any, partner: PoolPartner, **kwargs: Any) -> None:
        super().__init__(*args, versioned=partner, **kwargs)
        self.add_other_shares(partner.pool, partner)


class PaymentForm(OneTimeFormMixin, forms.Form):
    partner = forms.ModelChoiceField(
        label="Partner",
        queryset=PoolPartner.objects.none(),
        empty_label="Choose a partner",
        error_messages={"required": PAYMENT_PARTNER_REQUIRED, "invalid_choice": PAYMENT_PARTNER_REQUIRED},
    )
    date = GovukDateField(label="Date paid", subject="Date paid", past_only=True, example="1 4 2026")
    amount = MoneyField(
        label="Amount paid (£)", invalid_message=AMOUNT_INVALID, error_messages={"required": PAYMENT_AMOUNT_REQUIRED}
    )

    def __init__(self, *args: Any, pool: PooledFund, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["partner"]
        field.queryset = PoolPartner.objects.filter(pool=pool).active().select_related("organisation")
        field.label_from_instance = lambda partner: partner.display_name
