"""The rule set in force, and what policy staff may read about it."""
