"""Erasure (GDPR Art. 17): one case on request with four eyes, and retention periods."""
