"""The bridge between the contract register and engine/: the one module in this app that calls the engine."""

from __future__ import annotations

import datetime as dt

from engine.contracts.expiry import (
    DEFAULT_HORIZON_MONTHS,
    LEAD_TIME_MONTHS,
    MAX_HORIZON_MONTHS,
    Expiry,
    expiry,
    final_end,
    horizon_end,
)

__all__ = [
    "DEFAULT_HORIZON_MONTHS",
    "LEAD_TIME_MONTHS",
    "MAX_HORIZON_MONTHS",
    "Expiry",
    "contract_expiry",
    "contract_final_end",
    "pipeline_end",
]


def contract_expiry(*, end_date: dt.date, procedure: str, today: dt.date) -> Expiry:
    return expiry(end_date=end_date, procedure=procedure, today=today)


def pipeline_end(*, today: dt.date, months: int) -> dt.date:
    return horizon_end(today=today, months=months)


def contract_final_end(*, end_date: dt.date, extension_count: int, extension_months: int) -> dt.date:
    return final_end(end_date=end_date, extension_count=extension_count, extension_months=extension_months)
