"""Indicator scoring: reporting periods, RAG status and direction of travel, and benchmarking against a council's
comparator group."""
