"""PostgreSQL roles: the schema owner runs migrations, the service runs as a runtime role.

Only a table's owner (or a superuser) can drop or disable its triggers, and only a superuser can
``SET session_replication_role = replica``. The service therefore connects as a role that owns
nothing: it reads and writes rows, and the append-only triggers of ``audit_log`` hold against it.
``triage db runtime-grants ROLE --owner OWNER`` prints these statements for the administrator
(docs/operations.md, "Datenbankrollen"); the PostgreSQL tests apply them.
"""

from __future__ import annotations

import re

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _checked(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"{name!r} is not a plain PostgreSQL role name (a-z, 0-9, _)")
    return name


def runtime_grants(role: str, *, owner: str, schema: str = "public") -> list[str]:
    """Statements (run as ``owner``) that let ``role`` use every table but own none."""
    role, owner, schema = _checked(role), _checked(owner), _checked(schema)
    return [
        f"GRANT USAGE ON SCHEMA {schema} TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
        # The audit log is appended to and, on erasure, its content replaced (the trigger
        # allows nothing else); never deleted or truncated. The schema version is the owner's.
        f"REVOKE DELETE, TRUNCATE ON {schema}.audit_log FROM {role}",
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {schema}.alembic_version FROM {role}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
        f"GRANT USAGE, SELECT ON SEQUENCES TO {role}",
    ]
