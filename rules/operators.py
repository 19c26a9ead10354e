"""The comparison operators of the rule language -- defined once, used by every engine.

``eq ne lt le gt ge`` compare a number, a yes/no value or (``eq``/``ne`` only) a named value;
``in`` / ``not_in`` test a named value against a list or a ``category_set`` parameter. What may
be compared with what is checked at load time (:mod:`rules.check_conditions`); here is what a
comparison *means* once it is allowed:

* :func:`apply` for one value (the per-case engine, parameters known at compile time),
* :func:`apply_array` for a column of values (the batch engine),
* :data:`NEGATED` the complementary operator on a *present* value, which the durable_rules
  compiler needs to push ``not`` to the leaves.

Both functions follow :mod:`rules.nulls`: with a missing value the outcome is
:data:`rules.nulls.COMPARISON_WITH_MISSING` (false), whatever the operator.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Collection
from typing import Any

import numpy as np
import numpy.typing as npt

from rules.nulls import COMPARISON_WITH_MISSING, is_missing, present

OPERATORS: tuple[str, ...] = ("eq", "ne", "lt", "le", "gt", "ge", "in", "not_in")
#: Operators that order values: numbers only (never named values, yes/no or dates).
ORDERING: frozenset[str] = frozenset({"lt", "le", "gt", "ge"})
#: Operators that test membership in a list of named values.
MEMBERSHIP: frozenset[str] = frozenset({"in", "not_in"})

#: ``not (x OP y)`` is ``x NEGATED[OP] y`` for a present ``x`` (missing: see rules.nulls).
NEGATED: dict[str, str] = {
    "eq": "ne",
    "ne": "eq",
    "lt": "ge",
    "ge": "lt",
    "le": "gt",
    "gt": "le",
    "in": "not_in",
    "not_in": "in",
}

_SCALAR: dict[str, Callable[[Any, Any], Any]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
    "in": lambda value, operand: value in operand,
    "not_in": lambda value, operand: value not in operand,
}


def apply(op: str, value: Any, operand: Any) -> bool:
    """``value OP operand`` for one value; false with a missing value or operand."""
    if is_missing(value) or operand is None:
        return COMPARISON_WITH_MISSING
    return bool(_SCALAR[op](value, operand))


def apply_array(op: str, values: npt.NDArray[Any], operand: Any) -> npt.NDArray[np.bool_]:
    """``values OP operand`` element-wise; false where a value is missing.

    ``values`` are floats (``NaN`` missing), booleans or category codes (``-1`` missing); for
    ``in`` / ``not_in`` the operand is a collection in the same encoding.
    """
    known = present(values)
    if operand is None:
        return np.full(len(values), COMPARISON_WITH_MISSING, dtype=bool)
    if op in MEMBERSHIP:
        hit = np.isin(values, list(_collection(operand)))
        result = hit if op == "in" else ~hit
    else:
        with np.errstate(invalid="ignore"):
            result = np.asarray(_SCALAR[op](values, operand), dtype=bool)
    return np.where(known, result, COMPARISON_WITH_MISSING)


def _collection(operand: Any) -> Collection[Any]:
    return operand if isinstance(operand, Collection) and not isinstance(operand, str) else ()
