"""Risk scoring: 5x5 likelihood and impact, the heat-map bands, and the rules between inherent, residual and target."""
