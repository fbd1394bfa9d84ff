"""Users and their roles, organisations (the council, partners, providers), wards and councillors."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from commissioning.core.models import DomainModel, HardDeleteForbiddenError
from commissioning.core.permissions import Role

SIGN_IN_FIELDS = frozenset({"last_login", "previous_login"})  # what signing in stamps (accounts.signals)
USER_DELETE_FORBIDDEN = "Accounts are never deleted. Switch the account off (untick Active) instead."
ons_ward_code = RegexValidator(r"^[EWSN]05\d{6}$", "Enter a ward ONS code like E05001234.")
ons_council_code = RegexValidator(r"^[EWSN]0[6-9]\d{6}$", "Enter a council ONS code like E08000035.")
company_number = RegexValidator(r"^(\d{8}|[A-Z]{2}\d{6})$", "Enter a Companies House number of 8 characters.")
charity_number = RegexValidator(r"^\d{6,8}(-\d{1,3})?$", "Enter a charity number like 1234567.")


class Organisation(DomainModel):
    """The council itself, a partner (such as an NHS board or another council), or a provider."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        PARTNER = "partner", "Public sector partner"
        COMPANY = "company", "Private company"
        CHARITY = "charity", "Charity or voluntary organisation"
        SOCIAL_ENTERPRISE = "social_enterprise", "Mutual or social enterprise"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    is_home = models.BooleanField(
        default=False, help_text="The council this installation serves (exactly one organisation)."
    )
    ons_code = models.CharField("ONS code", max_length=9, blank=True, validators=[ons_council_code])
    company_number = models.CharField(max_length=8, blank=True, validators=[company_number])
    charity_number = models.CharField(max_length=12, blank=True, validators=[charity_number])
    is_sme = models.BooleanField("SME", default=False)
    is_vcse = models.BooleanField("Voluntary, community or social enterprise", default=False)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["name"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["is_home"], condition=models.Q(is_home=True), name="one_home_council"),
            models.UniqueConstraint(
                fields=["ons_code"], condition=~models.Q(ons_code=""), name="unique_organisation_ons_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def identifier(self) -> str:
        """The org-id.guide identifier used by OCDS and 360Giving (GB-COH-..., GB-CHC-..., GB-LAE-...)."""
        if self.company_number:
            return f"GB-COH-{self.company_number}"
        if self.charity_number:
            return f"GB-CHC-{self.charity_number}"
        if self.ons_code:
            return f"GB-ONS-{self.ons_code}"
        return ""


class User(AbstractUser):
    """A person who signs in. Their role decides what they may do; providers belong to an organisation."""

    role = models.CharField(max_length=20, choices=Role.CHOICES, default=Role.OFFICER)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    is_demo = models.BooleanField(
        "demo account",
        default=False,
        editable=False,
        help_text="Made by seed_demo. Demo accounts can sign in only where settings.DEMO_USERS_ALLOWED is true.",
    )

    previous_login = models.DateTimeField(
        "previous sign-in",
        null=True,
        blank=True,
        editable=False,
        help_text="When the user signed in before the latest time: the home page shows what is new since then.",
    )

    objects: ClassVar[UserManager[Any]] = UserManager()
    # Every change of role, rights (superuser, staff) or permissions (groups, single permissions) is in the history.
    history = HistoricalRecords(
        excluded_fields=["password", "last_login", "previous_login"], m2m_fields=["groups", "user_permissions"]
    )

    class Meta:
        ordering: ClassVar = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Signing in only stamps last_login (and previous_login), which are not audited: do not add an empty history
        # entry for it.
        if (fields := set(kwargs.get("update_fields") or ())) and fields <= SIGN_IN_FIELDS:
            self.skip_history_when_saving = True
            try:
                super().save(*args, **kwargs)
            finally:
                del self.skip_history_when_saving
            return
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        """People are never deleted (their names stay on the records they changed): switch the account off."""
        raise HardDeleteForbiddenError(USER_DELETE_FORBIDDEN)


class Ward(DomainModel):
    name = models.CharField(max_length=200)
    ons_code = models.CharField("ONS code", max_length=9, unique=True, validators=[ons_ward_code])
    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="wards")

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class Councillor(DomainModel):
    """An elected member. Councillors are public figures: their profile is published."""

    name = models.CharField(max_length=200)
    party = models.CharField(max_length=100)
    wards = models.ManyToManyField(Ward, related_name="councillors")
    user = models.OneToOneField(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="councillor_profile"
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    surgery_details = models.TextField(
        blank=True, help_text="When and where residents can meet the councillor, shown on the public profile."
    )

    history = HistoricalRecords(m2m_fields=[wards])

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return f"Councillor {self.name}"
