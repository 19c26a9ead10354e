"""The queue: open cases in rule set order, scoped to the caller's regions."""
