"""The case store: versions of every imported case, the current one, open or closed."""
