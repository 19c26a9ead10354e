"""PointsModel honours the scikit-learn estimator contract (``parametrize_with_checks``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sklearn.utils.estimator_checks import parametrize_with_checks

from models import PointsModel

#: Checks PointsModel is known to fail, with the reason; docs/points-model.md repeats them.
EXPECTED_FAILED_CHECKS: dict[str, str] = {}


def _expected_failed_checks(estimator: Any) -> dict[str, str]:
    return EXPECTED_FAILED_CHECKS


@parametrize_with_checks(
    [
        PointsModel(),
        PointsModel(binning="uniform", n_bins=3, max_points=3, monotone={0: 1}),
    ],
    expected_failed_checks=_expected_failed_checks,
)
def test_sklearn_estimator_contract(estimator: PointsModel, check: Callable[..., Any]) -> None:
    check(estimator)
