"""Equality impact assessment: which characteristics an assessment finds a negative impact on, and whether each is
mitigated or justified."""
