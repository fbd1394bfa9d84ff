"""Money arithmetic: financial years, unit costs, Green Book discounting, optimism bias and options appraisal."""
