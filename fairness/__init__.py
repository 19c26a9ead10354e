"""Fairness audit: selection and error rates per group, four-fifths and significance tests.

Stands alone: imports nothing of the project, so the model gates (``models``), the what-if
simulation (``policy``) and the benchmarks (``evaluation``) share one implementation.
"""

from fairness.report import (
    DEFAULT_REFERENCE,
    FOUR_FIFTHS,
    FairnessReport,
    fairness_report,
    proportion_test,
    reference_group,
    selection_rate_ratios,
)

__all__ = [
    "DEFAULT_REFERENCE",
    "FOUR_FIFTHS",
    "FairnessReport",
    "fairness_report",
    "proportion_test",
    "reference_group",
    "selection_rate_ratios",
]
