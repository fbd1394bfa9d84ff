"""Project tooling that is not application code: the custom import-linter contract (ADR 0017)."""
