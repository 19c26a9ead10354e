"""The name of a case: its region and its id.

Case ids are the Bezirksregierung's own references, unique within its region only (issue #14):
two regions may use the same id for two different cases, and nothing a region's staff can do
tells them whether an id is in use elsewhere. Wherever cases of several regions meet (the
caseload, a statewide list, the audit log), a case is named by both.
"""

from __future__ import annotations

from typing import NamedTuple


class CaseKey(NamedTuple):
    region: str
    case_id: str

    def __str__(self) -> str:
        return f"{self.region}/{self.case_id}"


def case_target(region: str, case_id: str) -> str:
    """The audit target of a case: ``case:<region>/<case_id>`` (ids hold no ``/``)."""
    return f"case:{region}/{case_id}"
