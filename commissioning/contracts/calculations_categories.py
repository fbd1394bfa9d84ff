"""The bridge between category management and engine/ (CPV divisions, coverage, suppliers' shares)."""

from __future__ import annotations

from engine.contracts.categories import (
    CPV_DIVISIONS,
    ContractValue,
    SupplierShare,
    SupplierSummary,
    covers,
    cpv_prefix,
    division_name,
    narrowest,
    supplier_summary,
)

__all__ = [
    "CPV_DIVISIONS",
    "ContractValue",
    "SupplierShare",
    "SupplierSummary",
    "covers",
    "cpv_prefix",
    "division_name",
    "narrowest",
    "supplier_summary",
]
