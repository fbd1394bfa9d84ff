"""Money arithmetic: financial years, unit costs (and, later, discounting, NPV/NPSV, optimism bias)."""
