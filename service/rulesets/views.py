"""``GET /rulesets/active``: the rule set in force, for every role (no personal data)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from rules import RuleSet
from rules.parameters import describe_values
from service.deps import ActiveRuleset, CurrentUser
from service.rulesets.active import ruleset_key

router = APIRouter(prefix="/rulesets", tags=["rulesets"])


class RuleRead(BaseModel):
    id: str
    kind: str
    title_de: str
    title_en: str
    basis_de: str
    points: int


class ParameterRead(BaseModel):
    name: str
    value: Any
    default: Any
    minimum: int | None
    maximum: int | None
    unit: str | None
    description_de: str


class TierRead(BaseModel):
    id: str
    label_de: str
    label_en: str
    reason_de: str


class RulesetRead(BaseModel):
    name: str
    version: int
    key: str
    description_de: str
    parameters: list[ParameterRead]
    criteria: list[RuleRead]
    blockers: list[RuleRead]
    actions: list[RuleRead]
    tiers: list[TierRead]


def describe(ruleset: RuleSet) -> RulesetRead:
    values = describe_values(ruleset)
    rules = {
        kind: [RuleRead(id=r.id, kind=r.kind, title_de=r.title.get("de"),
                        title_en=r.title.get("en"), basis_de=r.basis.get("de"), points=r.points)
               for r in getattr(ruleset, kind)]
        for kind in ("criteria", "blockers", "actions")
    }
    return RulesetRead(
        name=ruleset.name, version=ruleset.version, key=ruleset_key(ruleset),
        description_de=ruleset.description.get("de"),
        parameters=[
            ParameterRead(name=p.name, value=values.get(p.name),
                          default=list(p.default) if isinstance(p.default, tuple) else p.default,
                          minimum=p.minimum, maximum=p.maximum, unit=p.unit,
                          description_de=p.description.get("de"))
            for p in ruleset.parameters.values()
        ],
        tiers=[TierRead(id=t.id, label_de=t.label.get("de"), label_en=t.label.get("en"),
                        reason_de=t.reason.get("de")) for t in ruleset.tiers],
        **rules,
    )


@router.get("/active", response_model=RulesetRead, summary="The rule set in force")
def get_active(user: CurrentUser, ruleset: ActiveRuleset) -> RulesetRead:
    """Name, version, parameters, criteria, blockers, actions and tiers of the active rule set."""
    del user  # any authenticated role
    return describe(ruleset)
