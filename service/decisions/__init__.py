"""Human triage decisions on cases (the model's labels)."""
