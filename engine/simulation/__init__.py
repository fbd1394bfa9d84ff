"""Monte Carlo risk analysis of an options appraisal: NPSV percentiles, the chance of beating business as usual,
and the data for a tornado chart. numpy floats inside; pounds rounded to pence in the results."""
