"""A procurement's Open Contracting Data Standard (OCDS 1.1.5) release package, validated against the official schema.

The package holds one compiled release of the procurement's ocid with the stages it has reached: ``planning`` (the
budget and the rationale: the decision and business case), ``tender`` (procedure, value, lots, tender period,
number of tenderers), and once awarded ``awards`` and ``contracts``. No score is ever in it. The schemas are the
offline copies in ``standards/ocds-1.1.5/`` (nothing is fetched); the package schema's reference to the release schema
is resolved by the release schema's ``id``.

Validation uses ``jsonschema`` (Draft 4) when it is installed; otherwise ``draft4_errors`` below, which checks every
keyword the two OCDS schemas use (type, enum, required, properties, patternProperties, items, minItems, uniqueItems,
minLength, pattern, format date-time, $ref), so a package is checked either way.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

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


def validation_errors(package: dict[str, Any]) -> list[str]:
    """Every way the package breaks the OCDS release package schema (none when it is valid)."""
    try:
        import jsonschema  # type: ignore[import-untyped]
        from referencing import Registry, Resource  # type: ignore[import-not-found]
    except ImportError:
        return list(draft4_errors(package, package_schema()))
    registry = Registry().with_resources(  # pragma: no cover - where jsonschema is installed
        (key, Resource.from_contents(schema, default_specification=jsonschema.Draft4Validator.META_SCHEMA))
        for key, schema in schemas().items()
    )
    validator = jsonschema.Draft4Validator(
        package_schema(), registry=registry, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(package)]


_TYPES: dict[str, Any] = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
    "integer": int,
    "number": (int, float),
}
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _is_type(value: Any, name: str) -> bool:
    if isinstance(value, bool) and name in {"integer", "number"}:
        return False
    return isinstance(value, _TYPES[name])


def _resolve(ref: str, root: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    base, _, fragment = ref.partition("#")
    doc = schemas()[base] if base else root
    node: Any = doc
    for part in [p for p in fragment.split("/") if p]:
        node = node[part]
    return node, doc


def draft4_errors(
    value: Any, schema: dict[str, Any], root: dict[str, Any] | None = None, path: str = ""
) -> Iterator[str]:
    """A JSON Schema Draft 4 check of the keywords the OCDS schemas use (the fallback without jsonschema)."""
    root = schema if root is None else root
    where = path or "(package)"
    if "$ref" in schema:
        target, doc = _resolve(schema["$ref"], root)
        yield from draft4_errors(value, target, doc, path)
        return
    types = schema.get("type")
    if types is not None:
        wanted = [types] if isinstance(types, str) else types
        if not any(_is_type(value, t) for t in wanted):
            yield f"{where}: {value!r} is not of type {', '.join(wanted)}"
            return
    if "enum" in schema and value not in schema["enum"]:
        yield f"{where}: {value!r} is not one of the codelist's values"
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            yield f"{where}: {value!r} is too short"
        if "pattern" in schema and not re.search(schema["pattern"], value):
            yield f"{where}: {value!r} does not match {schema['pattern']!r}"
        if schema.get("format") == "date-time" and not _DATE_TIME.match(value):
            yield f"{where}: {value!r} is not a date-time"
    if isinstance(value, dict):
        for name in schema.get("required", []):
            if name not in value:
                yield f"{where}: {name!r} is a required property"
        properties = schema.get("properties", {})
        for name, item in value.items():
            if name in properties:
                yield from draft4_errors(item, properties[name], root, f"{path}/{name}")
            for pattern, sub in schema.get("patternProperties", {}).items():
                if re.search(pattern, name):
                    yield from draft4_errors(item, sub, root, f"{path}/{name}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            yield f"{where}: needs at least {schema['minItems']} items"
        if schema.get("uniqueItems"):
            seen = [json.dumps(v, sort_keys=True) for v in value]
            if len(seen) != len(set(seen)):
                yield f"{where}: has non-unique items"
        if isinstance(schema.get("items"), dict):
            for index, item in enumerate(value):
                yield from draft4_errors(item, schema["items"], root, f"{path}/{index}")
