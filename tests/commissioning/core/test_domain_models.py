"""Every domain record has an audit history and cannot be hard-deleted."""

import re

import pytest
from django.apps import apps

from commissioning.accounts.models import USER_DELETE_FORBIDDEN, User
from commissioning.core.models import DomainModel, HardDeleteForbiddenError
from tests.factories import UserFactory

DOMAIN_APPS = [c for c in apps.get_app_configs() if c.name.startswith("commissioning.")]
DOMAIN_MODELS = [
    m
    for c in DOMAIN_APPS
    for m in c.get_models()
    if not m.__name__.startswith("Historical") and (issubclass(m, DomainModel) or m is User)
]


def test_there_are_domain_models_to_check():
    names = {m.__name__ for m in DOMAIN_MODELS}
    assert {"Service", "Directorate", "Ward", "Councillor", "Organisation", "User"} <= names


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda m: m.__name__)
def test_every_domain_model_keeps_history(model):
    assert hasattr(model, "history"), f"{model.__name__} has no HistoricalRecords"


def test_every_concrete_model_in_the_apps_is_a_domain_model_or_history():
    others = [
        m.__name__
        for c in DOMAIN_APPS
        for m in c.get_models()
        if not m.__name__.startswith("Historical") and m not in DOMAIN_MODELS
    ]
    assert others == []


@pytest.mark.django_db
def test_users_are_switched_off_not_deleted():
    user = UserFactory()
    with pytest.raises(HardDeleteForbiddenError, match=re.escape(USER_DELETE_FORBIDDEN)):
        user.delete()
