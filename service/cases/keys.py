"""The name of a case: its region and its id.

Case ids are the Bezirksregierung's own references, unique within its region only (issue #14):
two regions may use the same id for two different cases, and nothing a region's staff can do
tells them whether an id is in use elsewhere. Wherever cases of several regions meet (the
caseload, a statewide list, the audit log), a case is named by both.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from service.errors import Said, SaidList


class CaseKey(NamedTuple):
    region: str
    case_id: str

    def __str__(self) -> str:
        return f"{self.region}/{self.case_id}"


def case_target(region: str, case_id: str) -> str:
    """The audit target of a case: ``case:<region>/<case_id>`` (ids hold no ``/``)."""
    return f"case:{region}/{case_id}"


def region_names(regions: Iterable[str]) -> SaidList:
    """Regions as their names with the code a caller gives (``Köln (region=koeln)``), said
    later in the reader's language: for the answer to an id held by several of them."""
    return SaidList(
        [Said("api.region_choice", name=Said(f"vocab.region.{r}"), code=r) for r in regions]
    )
