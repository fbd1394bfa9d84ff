"""Every date a user enters, on every form of the product, is entered with the GOV.UK date input."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from django import forms

import commissioning
from commissioning.core.forms import GovukDateField

# Forms of one part of an app, in a module of their own beside forms.py.


def product_forms() -> list[type[forms.BaseForm]]:
    found = []
    for app in pkgutil.iter_modules(commissioning.__path__):
        package = importlib.import_module(f"commissioning.{app.name}")
        names = [f"commissioning.{app.name}.forms"] + [  # forms.py, and an app's forms_<part>.py modules
            f"commissioning.{app.name}.{module.name}"
            for module in pkgutil.iter_modules(getattr(package, "__path__", []))
            if module.name.startswith("forms_") and module.name != "forms_govuk"
        ]
        for name in names:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError:
                continue
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                    found.append(cls)
    return found


def test_no_form_takes_a_date_as_text():
    classes = product_forms()
    assert len(classes) > 10
    typed_as_text = []
    for cls in classes:
        for name, field in cls.base_fields.items():
            if isinstance(field, (forms.DateField, forms.DateTimeField, forms.SplitDateTimeField)):
                typed_as_text.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert typed_as_text == []


def test_the_date_fields_are_the_ones_expected():
    dated = sorted(
        f"{cls.__name__}.{name}"
        for cls in product_forms()
        for name, field in cls.base_fields.items()
        if isinstance(field, GovukDateField)
    )
    assert dated == [
        "AwardForm.end_date",
        "AwardForm.start_date",
        "ComplaintForm.happened_on",
        "ConcernForm.raised_on",
        "ConsultationForm.closed_on",
        "ConsultationForm.opened_on",
        "ContractForm.end_date",
        "ContractForm.review_date",
        "ContractForm.start_date",
        "DecommissioningConsultationForm.consultation_end",
        "DecommissioningConsultationForm.consultation_start",
        "DecommissioningNoticeForm.notice_given_on",
        "DecommissioningNoticeForm.service_ends_on",
        "EvidenceForm.evidence_date",
        "FailureForm.decision_date",
        "FinancialNoteForm.noted_on",
        "GrantForm.end_date",
        "GrantForm.start_date",
        "InspectionForm.inspected_on",
        "MonitoringNoteForm.noted_on",
        "PaymentForm.date",
        "PoolSpendForm.date",
        "ProcurementForm.award_date",
        "ProcurementForm.contract_end",
        "ProcurementForm.contract_start",
        "ProcurementForm.tender_end",
        "ProcurementForm.tender_start",
        "RaiseComplaintForm.happened_on",
        "RiskActionForm.due_on",
        "RiskForm.next_review_on",
        "RiskReviewForm.next_review_on",
        "RiskReviewForm.reviewed_on",
        "ServiceForm.next_review_due",
        "TransitionStepForm.due_on",
    ]
