"""Numbers as people type and read them: counts with thousands separators, money with a true minus sign, and
ranges of money that never break across lines."""

from decimal import Decimal

import pytest
from django import forms

from commissioning.core import formatting
from commissioning.core.forms import CountField, MoneyField
from commissioning.core.jinja2 import money_range

MINUS = "\u2212"


@pytest.mark.parametrize(("typed", "count"), [("4,200", 4200), (" 4 200 ", 4200), ("4200", 4200), ("1,000,000", 10**6)])
def test_a_count_accepts_thousands_separators(typed, count):
    assert CountField().clean(typed) == count


@pytest.mark.parametrize("typed", ["12.5", "lots", "4,2x0"])
def test_a_count_still_refuses_what_is_not_a_whole_number(typed):
    field = CountField(error_messages={"invalid": "Enter a whole number"})
    with pytest.raises(forms.ValidationError, match="Enter a whole number"):
        field.clean(typed)


def test_a_count_keeps_its_limits():
    with pytest.raises(forms.ValidationError):
        CountField(min_value=0).clean("-1,000")


def test_negative_money_has_a_true_minus_sign():
    assert formatting.money(Decimal("-2500")) == f"{MINUS}£2,500.00"
    assert formatting.money_whole(Decimal("-3333921.4")) == f"{MINUS}£3,333,921"
    assert "-" not in formatting.money_whole(-1)


def test_money_typed_back_with_a_true_minus_sign_is_understood():
    assert MoneyField(invalid_message="Enter an amount").clean(f"{MINUS}£1,250.50") == Decimal("-1250.50")


def test_a_range_of_money_never_breaks():
    text = formatting.money_range(Decimal("-3333921"), Decimal("-3037491"))
    assert text == f"{MINUS}£3,333,921\u00a0to\u00a0{MINUS}£3,037,491"
    assert " " not in text
    assert formatting.money_range(1, 2.5, whole=False) == "£1.00\u00a0to\u00a0£2.50"
    assert str(money_range(Decimal("-3333921"), Decimal("-3037491"))) == f'<span class="council-nowrap">{text}</span>'
