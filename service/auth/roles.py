"""Roles and what each may do. One table, read by routes and documented in docs/service.md."""

from __future__ import annotations

from enum import StrEnum

from cases.model import REGIONS


class Role(StrEnum):
    caseworker = "caseworker"  # Sachbearbeitung: cases of their regions
    rrk_lead = "rrk_lead"  # RRK-Leitung: cases of their regions
    policy = "policy"  # Fachaufsicht/Ministerium: rule sets and aggregates, no case details
    auditor = "auditor"  # Revision/Datenschutz: the audit log
    admin = "admin"  # Betrieb: everything, all regions


#: Roles that work on individual cases and are bound to regions.
REGIONAL_ROLES: frozenset[Role] = frozenset({Role.caseworker, Role.rrk_lead})
CASE_ROLES: tuple[Role, ...] = (Role.caseworker, Role.rrk_lead, Role.admin)
AGGREGATE_ROLES: tuple[Role, ...] = (Role.caseworker, Role.rrk_lead, Role.policy, Role.admin)
SCORE_ROLES: tuple[Role, ...] = (Role.caseworker, Role.rrk_lead, Role.policy, Role.admin)
AUDIT_ROLES: tuple[Role, ...] = (Role.auditor, Role.admin)
ADMIN_ROLES: tuple[Role, ...] = (Role.admin,)
ALL_ROLES: tuple[Role, ...] = tuple(Role)


class UnknownRegionError(ValueError):
    """A region name that is not one of :data:`REGIONS`."""

    def __init__(self, region: str) -> None:
        super().__init__(f"unknown region {region!r} (expected one of {', '.join(REGIONS)})")
        self.region = region


def parse_regions(value: str | list[str] | None) -> tuple[str, ...]:
    """``"koeln,muenster"`` -> ``("koeln", "muenster")``; unknown names are an error."""
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else list(value)
    regions: list[str] = []
    for item in (part.strip().lower() for part in items):
        if not item:
            continue
        if item not in REGIONS:
            raise UnknownRegionError(item)
        if item not in regions:
            regions.append(item)
    return tuple(regions)
