"""What changed, and why: recorded evaluations, the change feed and its stream (issue #12)."""
