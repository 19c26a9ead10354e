"""Users and tokens: create, list, revoke, authenticate."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from cases.model import REGIONS
from service.audit import chain
from service.auth import sessions, tokens
from service.auth.models import User
from service.auth.roles import REGIONAL_ROLES, Role, UnknownRegionError, parse_regions
from service.db.base import utcnow
from service.db.engine import Database
from texts import text

if TYPE_CHECKING:
    from service.auth.oidc import Access, Identity


class UserError(ValueError):
    """A user cannot be created or changed as asked: a catalogue key (``security.``) and its
    values, said in the reader's language (:meth:`text`); ``str()`` is German."""

    field = "role"

    def __init__(self, key: str, /, **values: object) -> None:
        self.key, self.values = key, values
        super().__init__(self.text("de"))

    @property
    def catalogue_key(self) -> str:
        """The key of its message in the catalogue (``security.…``)."""
        return f"security.{key_of(self.key)}"

    def text(self, lang: str = "de") -> str:
        return text(self.catalogue_key, lang, **self.values)


class RegionsError(UserError):
    field = "regions"


class UserExistsError(UserError):
    field = "name"


#: Roles whose accounts an admin creates only with a second admin's confirmation (issue #14).
PRIVILEGED_ROLES = frozenset({Role.policy, Role.admin})
#: ``created_by`` of the first admin accounts, made without a token on an empty database.
BOOTSTRAP = "bootstrap"


def key_of(key: str) -> str:
    """``security.x`` or ``x``: the key under ``security.``."""
    return key.removeprefix("security.")


def is_pending(user: User) -> bool:
    """Does the account wait for a second admin's confirmation? Its token (if any) does not
    work until then. Revoking it changes nothing: an account never confirmed stays so."""
    return user.pending_by is not None


def may_not_confirm(user: User) -> frozenset[str]:
    """Who may not confirm this pending account: the account itself, the admin who left it
    pending (its creator or the admin who rotated its token) and the admin who last rotated
    its token."""
    return frozenset(n for n in (user.name, user.pending_by, user.rotated_by) if n)


def vouchers(user: object) -> frozenset[str]:
    """The admins who gave this account its access: its creator and the admin who last
    rotated its token (for the ``same_creator`` check of approvals)."""
    names = (getattr(user, "created_by", None), getattr(user, "rotated_by", None))
    return frozenset(str(n) for n in names if n)


def needs_confirmation(role: str) -> bool:
    try:
        return Role(role) in PRIVILEGED_ROLES
    except ValueError:
        return False


def bootstrap_open(*, db_session: Session) -> bool:
    """May the first admins be created without a token? Only while every account is an admin
    made that way, and fewer than two exist: four eyes from the start, closed for good after."""
    users = get_all(db_session=db_session)
    return len(users) < 2 and all(
        u.role == Role.admin.value and u.created_by == BOOTSTRAP for u in users
    )


def active_admins(*, db_session: Session) -> int:
    return sum(
        1
        for u in get_all(db_session=db_session)
        if u.role == Role.admin.value and u.is_active and not is_pending(u)
    )


def get(*, db_session: Session, user_id: int) -> User | None:
    """The user with this id, or ``None``."""
    return db_session.get(User, user_id)


def get_by_name(*, db_session: Session, name: str) -> User | None:
    """The user with this name, or ``None``."""
    return db_session.scalars(select(User).where(User.name == name)).first()


def get_all(*, db_session: Session) -> list[User]:
    """Every user, revoked ones included, oldest first."""
    return list(db_session.scalars(select(User).order_by(User.id)))


def create(
    *,
    db_session: Session,
    name: str,
    role: str,
    regions: str | list[str] | None,
    actor: str,
    pending: bool = False,
    reason: str | None = None,
) -> tuple[User, str]:
    """Create a user and return it with its new bearer token (shown once, stored hashed).

    ``pending``: the account waits for a second admin's :func:`confirm` and holds no token
    yet (the returned token is empty). ``reason`` goes into the audit entry.
    """
    try:
        role_ = Role(role)
    except ValueError:
        raise UserError(
            "user_unknown_role", role=role, roles=", ".join(r.value for r in Role)
        ) from None
    try:
        region_list = parse_regions(regions)
    except UnknownRegionError as error:
        raise RegionsError(
            "user_unknown_region", region=error.region, regions=", ".join(REGIONS)
        ) from None
    if role_ in REGIONAL_ROLES and not region_list:
        raise RegionsError("user_needs_region", role=role_.value)
    if role_ not in REGIONAL_ROLES and region_list:
        raise RegionsError("user_no_regions", role=role_.value)
    chain.lock(db_session)
    if get_by_name(db_session=db_session, name=name) is not None:
        raise UserExistsError("user_exists", name=name)
    issued = tokens.issue()
    user = User(
        name=name,
        role=role_.value,
        regions_csv=",".join(region_list),
        token_id=issued.token_id,
        token_salt=issued.salt,
        token_hash="" if pending else issued.hash,
        created_at=utcnow(),
        created_by=actor,
        pending_by=actor if pending else None,
    )
    db_session.add(user)
    db_session.flush()
    chain.append(
        db_session,
        actor=actor,
        action="user.create",
        target=f"user:{name}",
        details={"role": role_.value, "regions": list(region_list)}
        | ({"pending": True} if pending else {}),
        reason=reason,
    )
    return user, "" if pending else issued.token


def confirm(*, db_session: Session, user: User, actor: User, reason: str | None = None) -> str:
    """A second admin confirms a pending account. A new account gets its first token
    (returned, shown once); an account whose token another admin rotated keeps that token,
    which works from now on (returns ``""``).

    Neither the admin who left it pending (its creator, or who rotated its token) nor the
    account itself may confirm it (four eyes on privileged accounts); a revoked account is
    not confirmed.
    """
    chain.lock(db_session)
    if not is_pending(user):
        raise UserError("confirm_not_pending", name=user.name)
    excluded = may_not_confirm(user)
    if actor.name in excluded:
        if actor.name == user.created_by and user.rotated_by is None:
            raise UserError("confirm_own")
        raise UserError("confirm_excluded", name=user.name, excluded=", ".join(sorted(excluded)))
    if not user.is_active:
        raise UserError("user_revoked", name=user.name)
    details = {"role": user.role, "created_by": user.created_by, "pending_by": user.pending_by}
    if user.rotated_by:
        details["rotated_by"] = user.rotated_by
    user.pending_by = None
    token = ""
    if user.token_hash == "":
        issued = tokens.issue()
        user.token_id, user.token_salt, user.token_hash = issued.token_id, issued.salt, issued.hash
        token = issued.token
    chain.append(
        db_session,
        actor=actor.name,
        action="user.confirm",
        target=f"user:{user.name}",
        details=details,
        reason=reason,
    )
    return token


def rotate_token(*, db_session: Session, user: User, actor: User | str) -> str:
    """Give a user a new token; the old one stops working at once (a revoked account is
    active again). Returns the new token.

    ``actor`` is the acting account (an admin) or, for the demo setup, a system name. When an
    account other than the holder issues the token of a policy or admin account, the account
    is pending again: the new token works only after :func:`confirm` by an admin who is
    neither that one nor the holder (issue #14, item 5). A new account never confirmed gets
    no token here (its first token comes from the confirming admin); revoking it did not
    confirm it.
    """
    chain.lock(db_session)
    if is_pending(user) and user.token_hash == "":
        raise UserError("needs_confirmation", name=user.name, role=user.role)
    actor_name = actor.name if isinstance(actor, User) else actor
    four_eyes = isinstance(actor, User) and actor.id != user.id and needs_confirmation(user.role)
    if four_eyes:
        excluded = {user.name, actor_name} | ({user.pending_by} if user.pending_by else set())
        confirmers = [
            u
            for u in get_all(db_session=db_session)
            if u.role == Role.admin.value
            and u.is_active
            and not is_pending(u)
            and u.name not in excluded
        ]
        if not confirmers:  # nobody could confirm it: the account would be lost for good
            raise UserError("rotate_no_confirmer", name=user.name)
    issued = tokens.issue()
    user.token_id, user.token_salt, user.token_hash = issued.token_id, issued.salt, issued.hash
    user.revoked_at = None
    details: dict[str, object] = {}
    if four_eyes:
        user.rotated_by = actor_name
        if user.pending_by is None:
            user.pending_by = actor_name
        details = {"pending": True, "may_not_confirm": sorted(may_not_confirm(user))}
    elif is_pending(user):  # rotated while still pending: it stays so
        details = {"pending": True, "may_not_confirm": sorted(may_not_confirm(user))}
    chain.append(
        db_session,
        actor=actor_name,
        action="user.token.rotate",
        target=f"user:{user.name}",
        details=details,
    )
    return issued.token


def revoke(*, db_session: Session, user: User, actor: str, reason: str | None = None) -> User:
    """Revoke a user's access (the row stays: the audit log refers to it)."""
    chain.lock(db_session)
    if (
        user.revoked_at is None
        and user.role == Role.admin.value
        and not is_pending(user)
        and active_admins(db_session=db_session) <= 1
    ):
        raise UserError("last_admin")
    if user.revoked_at is None:
        user.revoked_at = utcnow()
        sessions.end_all(db_session, user_id=user.id, reason="revoked")
        chain.append(
            db_session,
            actor=actor,
            action="user.revoke",
            target=f"user:{user.name}",
            details={},
            reason=reason,
        )
    return user


def authenticate(*, db_session: Session, token: str) -> User | None:
    """The active user holding this token, or ``None`` (unknown, malformed or revoked)."""
    parts = tokens.split(token)
    if parts is None:
        return None
    token_id, secret = parts
    # A plain column read (no ORM identity map): this runs on every request.
    row = db_session.execute(
        select(
            User.id,
            User.name,
            User.role,
            User.regions_csv,
            User.token_salt,
            User.token_hash,
            User.created_at,
            User.created_by,
            User.rotated_by,
        ).where(User.token_id == token_id, User.revoked_at.is_(None), User.pending_by.is_(None))
    ).first()
    if row is None or not tokens.matches(secret, row.token_salt, row.token_hash):
        return None
    return User(
        id=row.id,
        name=row.name,
        role=row.role,
        regions_csv=row.regions_csv,
        token_id=token_id,
        token_salt="",
        token_hash="",
        created_at=row.created_at,
        created_by=row.created_by,
        rotated_by=row.rotated_by,
        revoked_at=None,
    )


def find_external(*, db_session: Session, issuer: str, subject: str) -> User | None:
    """The account of the identity provider's person ``subject``, if it has signed in before."""
    return db_session.scalars(
        select(User).where(User.issuer == issuer, User.subject == subject)
    ).first()


def external_name(username: str) -> str:
    """The provider's user name as an account name (``^[A-Za-z0-9._@-]{1,64}$``)."""
    name = re.sub(r"[^A-Za-z0-9._@-]", "_", username)[:64]
    return name or "_"


def sync_identity(db: Database, identity: Identity, access: Access) -> User:
    """:func:`sync_external` for a person the identity provider vouched for, in a transaction
    of its own."""
    with db.write() as db_session:
        return sync_external(
            db_session=db_session,
            issuer=identity.issuer,
            subject=identity.subject,
            username=identity.username,
            role=access.role,
            regions=access.regions,
        )


def sync_external(
    *,
    db_session: Session,
    issuer: str,
    subject: str,
    username: str,
    role: Role,
    regions: tuple[str, ...],
) -> User:
    """The provider's person as an account, with the role and regions of their claims now.

    Created at the first sign-in (no usable local token); role and regions are replaced at
    every sign-in, audited when they change. A revoked account stays revoked (the provider
    cannot undo a local revocation); a name held by another account is refused.
    """
    chain.lock(db_session)
    user = find_external(db_session=db_session, issuer=issuer, subject=subject)
    regions_csv = ",".join(regions) if role in REGIONAL_ROLES else ""
    if user is None:
        name = external_name(username)
        if get_by_name(db_session=db_session, name=name) is not None:
            raise UserExistsError("user_exists", name=name)
        issued = tokens.issue()
        user = User(
            name=name,
            role=role.value,
            regions_csv=regions_csv,
            token_id=issued.token_id,
            token_salt=issued.salt,
            token_hash="",  # matches no secret: these accounts sign in at the provider only
            created_at=utcnow(),
            created_by="oidc",
            issuer=issuer,
            subject=subject,
        )
        db_session.add(user)
        db_session.flush()
        chain.append(
            db_session,
            actor="oidc",
            action="user.create",
            target=f"user:{name}",
            details={"role": role.value, "regions": list(regions), "source": "oidc"},
        )
        return user
    if not user.is_active:
        raise UserError("user_revoked", name=user.name)
    if (user.role, user.regions_csv) != (role.value, regions_csv):
        before = {"role": user.role, "regions": list(user.regions) if user.regions_csv else []}
        user.role, user.regions_csv = role.value, regions_csv
        chain.append(
            db_session,
            actor="oidc",
            action="user.claims",
            target=f"user:{user.name}",
            details={"before": before, "role": role.value, "regions": list(regions)},
        )
    return user
