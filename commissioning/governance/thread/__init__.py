"""Golden-thread sections, one module per area."""
