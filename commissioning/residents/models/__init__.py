"""The residents app's records, one module per area (complaints, places...), all exported here."""

from commissioning.residents.models.complaints import (
    OPEN_STATUSES,
    PERSONAL_FIELDS,
    Complaint,
    ComplaintKind,
    ComplaintStatus,
    ComplaintStep,
    Outcome,
    ReplyBy,
    Route,
    StepKind,
)

__all__: list[str] = [
    "OPEN_STATUSES",
    "PERSONAL_FIELDS",
    "Complaint",
    "ComplaintKind",
    "ComplaintStatus",
    "ComplaintStep",
    "Outcome",
    "ReplyBy",
    "Route",
    "StepKind",
]
