from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from commissioning.accounts.models import Councillor
from commissioning.core.forms import VersionedFormMixin

SIGN_IN_INVALID = "Enter a correct username and password. Both are case-sensitive."
SIGN_IN_INACTIVE = "This account has been switched off. Ask an administrator to switch it back on."
USERNAME_REQUIRED = "Enter your username"
PASSWORD_REQUIRED = "Enter your password"  # noqa: S105 - an error message


class SignInForm(AuthenticationForm):
    error_messages: ClassVar[dict[str, Any]] = {  # type: ignore[misc,assignment]
        "invalid_login": SIGN_IN_INVALID,
        "inactive": SIGN_IN_INACTIVE,
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = USERNAME_REQUIRED
        self.fields["password"].error_messages["required"] = PASSWORD_REQUIRED
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"


class CouncillorProfileForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Councillor
        fields: ClassVar = ["email", "phone", "surgery_details"]
        labels: ClassVar = {"email": "Email address", "phone": "Phone number", "surgery_details": "Ward surgeries"}
        error_messages: ClassVar = {
            "email": {"invalid": "Enter an email address in the correct format, like name@example.com"}
        }
