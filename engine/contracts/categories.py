"""Category management: CPV divisions, which CPV codes a category covers, and a category's suppliers.

A category is either a CPV division (the first two digits of a CPV code) or one of the council's own categories (a
ProClass-style list: a name, a parent, and the CPV divisions or codes it covers). A category covers a contract when
one of the contract's CPV codes starts with one of the category's *prefixes*: the significant digits of a division
("85"), a group ("853"), a class ("8531"), a category ("85311") or a full code. A CPV code's level is the digits
before its trailing zeros (85310000 is the class 8531; 85311000 is the category 85311), so a code is reduced to
those digits, never fewer than the division's two.

The division names are the official ones of the Common Procurement Vocabulary, CPV 2008: Commission Regulation (EC)
No 213/2008 of 28 November 2007, Annex I (OJ L 74, 15.3.2008), the divisions ("XX000000") of the main vocabulary,
as SIMAP and Find a Tender publish them. All 45 are here; the ones councils buy most are 85 (health and social
work), 90 (sewage, refuse, cleaning and environmental), 45 (construction work), 80 (education and training), 60
(transport), 72 (IT), 79 (business services), 98 (other community, social and personal services), 92 (recreation,
culture and sport), 50 (repair and maintenance), 55 (catering) and 71 (architecture and engineering).

Pure Python: no Django, no I/O (engine rules).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

CPV_DIVISIONS: dict[str, str] = {
    "03": "Agricultural, farming, fishing, forestry and related products",
    "09": "Petroleum products, fuel, electricity and other sources of energy",
    "14": "Mining, basic metals and related products",
    "15": "Food, beverages, tobacco and related products",
    "16": "Agricultural machinery",
    "18": "Clothing, footwear, luggage articles and accessories",
    "19": "Leather and textile fabrics, plastic and rubber materials",
    "22": "Printed matter and related products",
    "24": "Chemical products",
    "30": "Office and computing machinery, equipment and supplies except furniture and software packages",
    "31": "Electrical machinery, apparatus, equipment and consumables; lighting",
    "32": "Radio, television, communication, telecommunication and related equipment",
    "33": "Medical equipments, pharmaceuticals and personal care products",
    "34": "Transport equipment and auxiliary products to transportation",
    "35": "Security, fire-fighting, police and defence equipment",
    "37": "Musical instruments, sport goods, games, toys, handicraft, art materials and accessories",
    "38": "Laboratory, optical and precision equipments (excl. glasses)",
    "39": "Furniture (incl. office furniture), furnishings, domestic appliances (excl. lighting) and cleaning products",
    "41": "Collected and purified water",
    "42": "Industrial machinery",
    "43": "Machinery for mining, quarrying, construction equipment",
    "44": "Construction structures and materials; auxiliary products to construction (except electric apparatus)",
    "45": "Construction work",
    "48": "Software package and information systems",
    "50": "Repair and maintenance services",
    "51": "Installation services (except software)",
    "55": "Hotel, restaurant and retail trade services",
    "60": "Transport services (excl. Waste transport)",
    "63": "Supporting and auxiliary transport services; travel agencies services",
    "64": "Postal and telecommunications services",
    "65": "Public utilities",
    "66": "Financial and insurance services",
    "70": "Real estate services",
    "71": "Architectural, construction, engineering and inspection services",
    "72": "IT services: consulting, software development, Internet and support",
    "73": "Research and development services and related consultancy services",
    "75": "Administration, defence and social security services",
    "76": "Services related to the oil and gas industry",
    "77": "Agricultural, forestry, horticultural, aquacultural and apicultural services",
    "79": "Business services: law, marketing, consulting, recruitment, printing and security",
    "80": "Education and training services",
    "85": "Health and social work services",
    "90": "Sewage, refuse, cleaning and environmental services",
    "92": "Recreational, cultural and sporting services",
    "98": "Other community, social and personal services",
}

_ENTRY = re.compile(r"^(\d{2,8})(?:-\d)?$")


def cpv_prefix(entry: str) -> str:
    """The significant digits of a CPV division, group, class, category or code: "85" stays "85", "85311000-2"
    becomes "85311", "85000000" becomes "85". ValueError for anything else, or for a division CPV does not have."""
    match = _ENTRY.match(entry.strip())
    if match is None:
        raise ValueError(f"{entry!r} is not a CPV division (2 digits) or code (up to 8 digits and a check digit)")
    digits = match.group(1)
    if len(digits) == 8:
        digits = digits.rstrip("0")
        digits = digits if len(digits) >= 2 else match.group(1)[:2]
    if digits[:2] not in CPV_DIVISIONS:
        raise ValueError(f"{entry!r} is not in a CPV division")
    return digits


def division_of(code: str) -> str:
    return code.strip()[:2]


def division_name(division: str) -> str:
    return CPV_DIVISIONS.get(division, "Unknown division")


def covers(prefixes: Iterable[str], codes: Iterable[str]) -> bool:
    """Whether any of the CPV ``codes`` (like "85311000-2") falls under any of the ``prefixes``."""
    found = tuple(prefixes)
    return any(code.strip().startswith(found) for code in codes if code.strip()) if found else False


def narrowest(prefixes: Iterable[str]) -> list[str]:
    """The prefixes without any that a shorter one already covers, sorted: ("85", "8531", "90") is ["85", "90"]."""
    kept: list[str] = []
    for prefix in sorted(set(prefixes), key=lambda p: (len(p), p)):
        if not prefix.startswith(tuple(kept)):
            kept.append(prefix)
    return sorted(kept)


@dataclass(frozen=True)
class ContractValue:
    """One contract in a category: its supplier (None for an in-house plan) and its value."""

    supplier_id: int | None
    supplier_name: str
    is_sme: bool
    is_vcse: bool
    value: Decimal


@dataclass(frozen=True)
class SupplierShare:
    supplier_id: int
    name: str
    is_sme: bool
    is_vcse: bool
    contracts: int
    value: Decimal
    share: Decimal  # of the category's external value, 0 to 1


@dataclass(frozen=True)
class SupplierSummary:
    suppliers: list[SupplierShare]
    external_value: Decimal  # contracts and grants with a supplier
    sme_count: int
    vcse_count: int
    sme_value: Decimal
    vcse_value: Decimal

    @property
    def sme_share(self) -> Decimal:
        return _share(self.sme_value, self.external_value)

    @property
    def vcse_share(self) -> Decimal:
        return _share(self.vcse_value, self.external_value)


def _share(part: Decimal, whole: Decimal) -> Decimal:
    return (part / whole).quantize(Decimal("0.0001")) if whole else Decimal("0")


def supplier_summary(contracts: Sequence[ContractValue]) -> SupplierSummary:
    """Each supplier's contracts, value and share of the category's value (largest first, then by name); how many
    suppliers are SMEs and VCSEs, and their share of the value. In-house plans have no supplier and count for none."""
    totals: dict[int, list[ContractValue]] = {}
    for contract in contracts:
        if contract.supplier_id is not None:
            totals.setdefault(contract.supplier_id, []).append(contract)
    external = sum((c.value for rows in totals.values() for c in rows), Decimal("0"))
    suppliers = []
    for supplier_id, rows in totals.items():
        value = sum((c.value for c in rows), Decimal("0"))
        first = rows[0]
        suppliers.append(
            SupplierShare(
                supplier_id=supplier_id,
                name=first.supplier_name,
                is_sme=first.is_sme,
                is_vcse=first.is_vcse,
                contracts=len(rows),
                value=value,
                share=_share(value, external),
            )
        )
    suppliers.sort(key=lambda s: (-s.value, s.name, s.supplier_id))
    return SupplierSummary(
        suppliers=suppliers,
        external_value=external,
        sme_count=sum(1 for s in suppliers if s.is_sme),
        vcse_count=sum(1 for s in suppliers if s.is_vcse),
        sme_value=sum((s.value for s in suppliers if s.is_sme), Decimal("0")),
        vcse_value=sum((s.value for s in suppliers if s.is_vcse), Decimal("0")),
    )
