"""Users, bearer tokens and roles."""
