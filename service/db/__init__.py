"""Persistence: engine and sessions, the declarative base, migrations."""
