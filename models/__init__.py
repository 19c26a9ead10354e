"""The optional learned model: an integer points scorecard as a scikit-learn estimator."""

from models.points import PointsModel

__all__ = ["PointsModel"]
