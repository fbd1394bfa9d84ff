"""Spend's bridge to the engine: reading published "spend over £500" files (engine.ingest.spend), the keys suppliers
and expense areas are matched by, and the sample files the demo and the benchmark load."""

from engine.ingest.errors import IngestError
from engine.ingest.spend import SpendRejected, area_key, parse_spend, supplier_key
from engine.ingest.spend_sample import spend_csv

__all__ = ["IngestError", "SpendRejected", "area_key", "parse_spend", "spend_csv", "supplier_key"]
