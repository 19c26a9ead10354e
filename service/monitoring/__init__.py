"""Post-market monitoring (EU AI Act Art. 72): figures, API, page and plots."""
