"""The records the complaints tests share (one module-scoped world per test module that uses it)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from commissioning.core.permissions import Role
from commissioning.residents import actions_complaints as actions
from commissioning.residents.actions_complaints import ComplaintDetails
from tests.commissioning.intelligence.factories import councillor_with_login
from tests.factories import DirectorateFactory, OrganisationFactory, ServiceFactory, UserFactory, WardFactory
from tests.matrix import COLUMNS

DAY = dt.date(2026, 11, 2)


def details(service: Any, **changes: Any) -> ComplaintDetails:
    values: dict[str, Any] = {
        "service": service,
        "kind": "complaint",
        "what_happened": "The bins were not collected for three weeks.",
        "happened_on": dt.date(2026, 10, 20),
        "ward": None,
        "reply_by": "email",
        "name": "Pat Resident",
        "email": "pat@example.org",
        "phone": "",
        "share_contact": False,
    }
    values.update(changes)
    return ComplaintDetails(**values)


def build_world() -> dict[str, Any]:
    OrganisationFactory(council=True)
    ashfield = OrganisationFactory(name="Ashfield Waste Ltd")
    other = OrganisationFactory(name="Brookside Care Ltd")  # the provider column's: the wrong provider
    users = {
        role: UserFactory(
            username=role,
            role=role,
            organisation=other if role == Role.PROVIDER else None,
            is_staff=role == Role.ADMIN,
        )
        for role in COLUMNS
        if role is not None and role != Role.COUNCILLOR
    }
    ward = WardFactory(name="Millbrook")
    councillor = councillor_with_login(username=Role.COUNCILLOR, wards=[ward], name="Ada Lovell")
    users[Role.COUNCILLOR] = councillor.user
    ashfield_contact = UserFactory(username="ashfield", role=Role.PROVIDER, organisation=ashfield)
    second_officer = UserFactory(username="second-officer", role=Role.OFFICER)
    place = DirectorateFactory(name="Place", code="PLE", director=users[Role.DIRECTOR])
    housing = DirectorateFactory(name="Housing and Regeneration", code="HSG", director=second_officer)
    bins = ServiceFactory(
        reference="PLE-001",
        name="Household waste collection",
        directorate=place,
        accountable_officer=users[Role.OFFICER],
        delivery_model="private",
        provider=ashfield,
        wards=[ward],
    )
    repairs = ServiceFactory(
        reference="HSG-001", name="Council homes repairs", directorate=housing, accountable_officer=users[Role.OFFICER]
    )
    hidden = ServiceFactory(reference="PLE-002", name="Unpublished service", directorate=place, published=False)
    tokens: dict[str, str] = {}
    complaints: dict[str, Any] = {}
    for state, service, kwargs in [
        ("provider_new", bins, {"ward": ward}),
        ("council_new", repairs, {}),
        ("answered", repairs, {"reply_by": "phone", "email": "", "phone": "01632 960001"}),
    ]:
        complaint, token = actions.complaint_make(details=details(service, **kwargs), today=DAY)
        complaints[state], tokens[state] = complaint, token
    complaints["answered"] = actions.complaint_answer(
        complaint=complaints["answered"],
        answer="We are sorry: the repair is booked.",
        outcome="upheld",
        remedy="Repair booked for next week",
        learning="Check the repair queue weekly",
        by=users[Role.OFFICER],
        today=DAY,
    )
    raised, tokens["raised"] = actions.complaint_make(details=details(repairs), by=councillor.user, today=DAY)
    complaints["raised"] = raised
    return {
        "users": users,
        "ashfield_contact": ashfield_contact,
        "second_officer": second_officer,
        "services": {"bins": bins, "repairs": repairs, "hidden": hidden},
        "ward": ward,
        "complaints": complaints,
        "tokens": tokens,
    }
