"""Options appraisal (the Plan stage): Green Book appraisal of a shortlist, with Monte Carlo risk analysis."""
