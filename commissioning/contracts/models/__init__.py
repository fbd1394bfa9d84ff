"""The contracts app's records, one module per area (the register, procurement, returns...), all exported here."""

# The register: contracts, grants and in-house plans as one kind of record (ADR 0028)
# Category management and decommissioning (issue 13)
from commissioning.contracts.models.categories import Category, CategoryKind
from commissioning.contracts.models.decommissioning import (
    PUBLIC_FIELDS,
    Decommissioning,
    DecommissioningStatus,
    MonitoringNote,
    TransitionStep,
    Tupe,
)
from commissioning.contracts.models.register import (
    CPV_PATTERN,
    EXTERNAL_KINDS,
    QUOTE_PROCEDURES,
    Contract,
    ContractKind,
    Procedure,
    reference_format,
)

__all__ = [
    "CPV_PATTERN",
    "EXTERNAL_KINDS",
    "PUBLIC_FIELDS",
    "QUOTE_PROCEDURES",
    "Category",
    "CategoryKind",
    "Contract",
    "ContractKind",
    "Decommissioning",
    "DecommissioningStatus",
    "MonitoringNote",
    "Procedure",
    "TransitionStep",
    "Tupe",
    "reference_format",
]
