"""Reading uploaded spreadsheets (.xlsx and .csv) into checked, normalised rows: indicator measurements and service
budgets, with every bad row reported by row number, column and reason. ``parse_measurements`` and
``parse_budgets`` are the entry points; ``templates`` writes the files users fill in."""
