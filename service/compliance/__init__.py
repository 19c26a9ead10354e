"""The documentation pack generated from the system itself (AI Act Annex IV, Art. 9, 13, 14, 15,
27, 86; GDPR Art. 30, 35; ATRS and Dutch algorithm register records)."""
