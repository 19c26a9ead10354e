"""The seam for the active rule set.

Today the service runs the rule set named in the settings (a shipped one or a YAML path).
Issue #5 (policy versions, four-eyes activation, rule set versions stored in the database) plugs
in here: :func:`get_active_ruleset` will read the activated version from ``db_session``. Every
caller already passes the session, and caches key on :func:`ruleset_key`, so a new activation
takes effect on the next request.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

from sqlalchemy.orm import Session

from rules import RuleSet, load_ruleset
from rules.parameters import describe_values

DEFAULT_RULESET = "amit-nrw-default"


@lru_cache(maxsize=8)
def _load(name: str) -> RuleSet:
    return load_ruleset(name)


def get_active_ruleset(db_session: Session | None = None, *, name: str | None = None) -> RuleSet:
    """The rule set in force (loaded and checked once per process)."""
    del db_session  # issue #5: the activated version comes from the database
    return _load(name or DEFAULT_RULESET)


def ruleset_key(ruleset: RuleSet) -> str:
    """Identity of a rule set with its parameter values (for caches and audit entries)."""
    values = json.dumps(describe_values(ruleset), sort_keys=True, default=str)
    digest = hashlib.sha256(values.encode()).hexdigest()[:12]
    return f"{ruleset.name}@{ruleset.version}#{digest}"
