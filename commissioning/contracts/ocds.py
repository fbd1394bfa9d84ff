"""A procurement's Open Contracting Data Standard (OCDS 1.1.5) release package, validated against the official schema.

The package holds one compiled release of the procurement's ocid with the stages it has reached: ``planning`` (the
budget and the rationale: the decision and business case), ``tender`` (procedure, value, lots, tender period,
number of tenderers), and once awarded ``awards`` and ``contracts``. No score is ever in it. The schemas are the
offline copies in ``standards/ocds-1.1.5/`` (nothing is fetched); the package schema's reference to the release schema
is resolved by the release schema's ``id``.

Validation is ``jsonschema``'s Draft 4 validator (the OCDS schemas are Draft 4), with a ``referencing`` registry that
holds the two offline schemas and refuses to retrieve anything else, and a format check of ``date-time``.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT4

from commissioning.contracts.models import Procedure, Procurement

STANDARD = Path(__file__).resolve().parent / "standards" / "ocds-1.1.5"
RELEASE_SCHEMA_ID = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"
OCDS_VERSION = "1.1"
# Our procedures on OCDS's closed method codelist.
METHOD = {
    Procedure.OPEN: "open",
    Procedure.COMPETITIVE_FLEXIBLE: "selective",
    Procedure.FRAMEWORK_CALL_OFF: "selective",
    Procedure.BELOW_THRESHOLD_QUOTE: "limited",
    Procedure.DIRECT_AWARD: "direct",
}


@cache
def schemas() -> dict[str, dict[str, Any]]:
    """The package and release schemas, keyed by their ids."""
    found = {}
    for name in ("release-package-schema.json", "release-schema.json"):
        schema = json.loads((STANDARD / name).read_text())
        found[schema["id"]] = schema
    return found


def package_schema() -> dict[str, Any]:
    return next(s for key, s in schemas().items() if key != RELEASE_SCHEMA_ID)


# Building the package -----------------------------------------------------------------------------------------------


def _datetime(day: dt.date | dt.datetime | None) -> str | None:
    if day is None:
        return None
    if not isinstance(day, dt.datetime):
        day = dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.UTC)
    return day.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _value(amount: Decimal | None) -> dict[str, Any] | None:
    return None if amount is None else {"amount": float(amount), "currency": "GBP"}


def _clean(node: Any) -> Any:
    """Leave out empty fields, as OCDS asks (no nulls, empty lists or empty objects)."""
    if isinstance(node, dict):
        cleaned = {k: _clean(v) for k, v in node.items()}
        return {k: v for k, v in cleaned.items() if v not in (None, [], {}, "")}
    if isinstance(node, list):
        return [_clean(v) for v in node]
    return node


def release(procurement: Procurement, *, buyer: str, bids: int, stage: str) -> dict[str, Any]:
    ocid = procurement.ocid
    buyer_id = f"{ocid}-buyer"
    tags = ["planning", "tender"] if stage != "planning" else ["planning"]
    parties: list[dict[str, Any]] = [{"id": buyer_id, "name": buyer, "roles": ["buyer", "procuringEntity"]}]
    awards: list[dict[str, Any]] = []
    contracts: list[dict[str, Any]] = []
    contract = procurement.contract
    if contract is not None:
        tags += ["award", "contract"] + (["implementation"] if stage == "implementation" else [])
        supplier = contract.provider
        supplier_party: dict[str, Any] = {
            "id": f"{ocid}-supplier",
            "name": supplier.name if supplier else buyer,
            "roles": ["supplier"],
        }
        if supplier is not None and (supplier.company_number or supplier.charity_number):
            scheme, number = (
                ("GB-COH", supplier.company_number) if supplier.company_number else ("GB-CHC", supplier.charity_number)
            )
            supplier_party["identifier"] = {"scheme": scheme, "id": number, "legalName": supplier.name}
        parties.append(supplier_party)
        award_id = f"{ocid}-award-1"
        period = {"startDate": _datetime(contract.start_date), "endDate": _datetime(contract.end_date)}
        awards.append(
            {
                "id": award_id,
                "title": contract.title,
                "status": "active",
                "date": _datetime(procurement.award_decision.decided_on if procurement.award_decision else None),
                "value": _value(contract.total_value),
                "suppliers": [{"id": supplier_party["id"], "name": supplier_party["name"]}],
                "contractPeriod": period,
            }
        )
        contracts.append(
            {
                "id": contract.reference,
                "awardID": award_id,
                "title": contract.title,
                "status": "active" if stage == "implementation" else "pending",
                "period": period,
                "value": _value(contract.total_value),
            }
        )
    decision = procurement.adopting_decision
    rationale = f"Carries out the option adopted by decision {decision.reference}: {decision.title}" if decision else ""
    lots = [
        {"id": str(lot.number), "title": lot.title, "value": _value(lot.estimated_value)}
        for lot in procurement.lots.all()
    ]
    tender = {
        "id": procurement.reference,
        "title": procurement.title,
        "description": procurement.description,
        "status": "complete" if contract is not None else ("active" if stage == "tender" else "planning"),
        "procuringEntity": {"id": buyer_id, "name": buyer},
        "value": _value(procurement.estimated_value),
        "procurementMethod": METHOD.get(procurement.procedure),  # type: ignore[call-overload]
        "procurementMethodDetails": procurement.get_procedure_display(),
        "mainProcurementCategory": "services",
        "tenderPeriod": {
            "startDate": _datetime(procurement.tender_start),
            "endDate": _datetime(procurement.tender_end),
        },
        "awardPeriod": {"endDate": _datetime(procurement.award_date)},
        "contractPeriod": {
            "startDate": _datetime(procurement.contract_start),
            "endDate": _datetime(procurement.contract_end),
        },
        "numberOfTenderers": bids if stage != "planning" else None,
        "lots": lots,  # the OCDS lots extension's field
    }
    return _clean(
        {
            "ocid": ocid,
            "id": f"{ocid}-{stage}-{procurement.updated_at:%Y%m%dT%H%M%S}",
            "date": _datetime(procurement.updated_at),
            "tag": tags,
            "initiationType": "tender",
            "parties": parties,
            "buyer": {"id": buyer_id, "name": buyer},
            "planning": {"rationale": rationale, "budget": {"amount": _value(procurement.estimated_value)}},
            "tender": tender,
            "awards": awards,
            "contracts": contracts,
            "language": "en",
        }
    )


def release_package(procurement: Procurement, *, uri: str, buyer: str, bids: int, stage: str) -> dict[str, Any]:
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "publishedDate": _datetime(procurement.updated_at),
        "publisher": {"name": buyer},
        "license": "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        "publicationPolicy": uri,
        "releases": [release(procurement, buyer=buyer, bids=bids, stage=stage)],
    }


# Validation ----------------------------------------------------------------------------------------------------------

_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _refuse(uri: str) -> Resource:
    """Nothing is fetched: a reference the offline schemas do not hold is an error, not a download."""
    raise NoSuchResource(ref=uri)  # type: ignore[call-arg]


def _format_checker() -> jsonschema.FormatChecker:
    """Draft 4's format checks, with ``date-time`` checked here (jsonschema leaves it to an optional package)."""
    checker = copy.deepcopy(jsonschema.Draft4Validator.FORMAT_CHECKER)

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value: object) -> bool:
        if not isinstance(value, str):
            return True
        if not _DATE_TIME.match(value):
            return False
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))  # a real day and time: raises ValueError if not
        return True

    return checker


@cache
def validator() -> jsonschema.Draft4Validator:
    """A Draft 4 validator of the release package schema, its $refs resolved from the offline copies by their ids."""
    registry: Registry = Registry(retrieve=_refuse).with_resources(  # type: ignore[call-arg]
        (key, Resource.from_contents(schema, default_specification=DRAFT4)) for key, schema in schemas().items()
    )
    return jsonschema.Draft4Validator(package_schema(), registry=registry, format_checker=_format_checker())


def validation_errors(package: dict[str, Any]) -> list[str]:
    """Every way the package breaks the OCDS release package schema (none when it is valid), each naming the path
    to the value at fault ("releases/0/tag/0: 'bogus' is not one of [...]"; "(package)" for the package itself)."""
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(package)'}: {error.message}"
        for error in sorted(validator().iter_errors(package), key=lambda e: [str(p) for p in e.absolute_path])
    ]
