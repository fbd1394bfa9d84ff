"""Every date a user enters, on every form of the product, is entered with the GOV.UK date input."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from django import forms

import commissioning
from commissioning.core.forms import GovukDateField

# Forms of one part of an app, in a module of their own beside forms.py, or in a forms package.


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
            # An app whose forms are a package (governance's forms/): each module of it too.
            names.extend(f"{name}.{part.name}" for part in pkgutil.iter_modules(getattr(module, "__path__", [])))
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
        "AdoptionForm.decided_on",
        "AwardForm.end_date",
        "AwardForm.start_date",
        "CallInOutcomeForm.outcome_on",
        "ComplaintForm.happened_on",
        "ConcernForm.raised_on",
        "ConsultationForm.closed_on",
        "ConsultationForm.opened_on",
        "ContractForm.end_date",
        "ContractForm.review_date",
        "ContractForm.start_date",
        "DecisionFilterForm.decided_from",
        "DecisionFilterForm.decided_to",
        "DecisionForm.decided_on",
        "DecisionForm.scrutiny_chair_told_on",
        "DecommissioningConsultationForm.consultation_end",
        "DecommissioningConsultationForm.consultation_start",
        "DecommissioningNoticeForm.notice_given_on",
        "DecommissioningNoticeForm.service_ends_on",
        "EntryForm.done_on",
        "EntryForm.due_on",
        "EvidenceForm.evidence_date",
        "FailureForm.decision_date",
        "FinancialNoteForm.noted_on",
        "FollowUpForm.held_on",
        "ForwardPlanForm.planned_on",
        "GrantForm.end_date",
        "GrantForm.start_date",
        "InquiryForm.report_on",
        "InspectionForm.inspected_on",
        "MeetingForm.date",
        "MembershipEndForm.ends_on",
        "MembershipForm.ends_on",
        "MembershipForm.starts_on",
        "MinutesForm.approved_on",
        "MonitoringNoteForm.noted_on",
        "PaymentForm.date",
        "PoolSpendForm.date",
        "ProcurementForm.award_date",
        "ProcurementForm.contract_end",
        "ProcurementForm.contract_start",
        "ProcurementForm.tender_end",
        "ProcurementForm.tender_start",
        "RaiseComplaintForm.happened_on",
        "RecommendationForm.made_on",
        "ResponseForm.responded_on",
        "RiskActionForm.due_on",
        "RiskForm.next_review_on",
        "RiskReviewForm.next_review_on",
        "RiskReviewForm.reviewed_on",
        "ServiceForm.next_review_due",
        "SessionForm.held_on",
        "SignOffForm.signed_off_on",
        "TransitionStepForm.due_on",
    ]
