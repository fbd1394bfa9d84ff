"""The contracts app's records, one module per area (the register, procurement, returns...), all exported here."""

# The register: contracts, grants and in-house plans as one kind of record (ADR 0028)
# Procurement: from an adopted option to a contract (OCDS stages, evaluation, award), and grant awards
from commissioning.contracts.models.procurement import (
    Bid,
    CriterionKind,
    EvaluationCriterion,
    GrantAward,
    Lot,
    Procurement,
    Score,
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
    "QUOTE_PROCEDURES",
    "Bid",
    "Contract",
    "ContractKind",
    "CriterionKind",
    "EvaluationCriterion",
    "GrantAward",
    "Lot",
    "Procedure",
    "Procurement",
    "Score",
    "reference_format",
]
