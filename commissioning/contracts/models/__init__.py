"""The contracts app's records, one module per area (the register, procurement, returns...), all exported here."""

# The register: contracts, grants and in-house plans as one kind of record (ADR 0028)
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
    "Contract",
    "ContractKind",
    "Procedure",
    "reference_format",
]

# KPIs, provider returns and performance assessments (every kind of contract alike)
from commissioning.contracts.models.returns import (
    KPI_THRESHOLD,
    MIN_KPIS,
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    Kpi,
    KpiExemption,
    KpiFrequency,
    KpiRating,
    KpiUnit,
    PerformanceFailure,
    PerformanceReturn,
    Rating,
    ReturnEvidence,
    ReturnQuery,
    ReturnStatus,
    ReturnValue,
)

__all__ += [
    "KPI_THRESHOLD",
    "MIN_KPIS",
    "Assessment",
    "AssessmentKind",
    "AssessmentStatus",
    "Kpi",
    "KpiExemption",
    "KpiFrequency",
    "KpiRating",
    "KpiUnit",
    "PerformanceFailure",
    "PerformanceReturn",
    "Rating",
    "ReturnEvidence",
    "ReturnQuery",
    "ReturnStatus",
    "ReturnValue",
]
