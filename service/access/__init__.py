"""Access (GDPR Art. 15): everything stored about one case, as JSON and as a German document."""
