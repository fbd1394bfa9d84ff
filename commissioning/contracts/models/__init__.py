"""The contracts app's records, one module per area (the register, procurement, returns...), all exported here."""

# The register: contracts, grants and in-house plans as one kind of record (ADR 0028)
# Procurement: from an adopted option to a contract (OCDS stages, evaluation, award), and grant awards
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
    "PUBLIC_FIELDS",
    "QUOTE_PROCEDURES",
    "Bid",
    "Category",
    "CategoryKind",
    "Contract",
    "ContractKind",
    "CriterionKind",
    "Decommissioning",
    "DecommissioningStatus",
    "EvaluationCriterion",
    "GrantAward",
    "Lot",
    "MonitoringNote",
    "Procedure",
    "Procurement",
    "Score",
    "TransitionStep",
    "Tupe",
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

# Quality triangulation: inspection ratings, safeguarding concerns, financial health (issue 13)
from commissioning.contracts.models.quality import (  # noqa: E402
    KEY_QUESTION_FIELDS,
    ConcernCategory,
    ConcernStatus,
    FinancialHealthNote,
    FinancialRisk,
    InspectionGrade,
    InspectionRating,
    Inspectorate,
    SafeguardingConcern,
)

__all__ += [
    "KEY_QUESTION_FIELDS",
    "ConcernCategory",
    "ConcernStatus",
    "FinancialHealthNote",
    "FinancialRisk",
    "InspectionGrade",
    "InspectionRating",
    "Inspectorate",
    "SafeguardingConcern",
]
