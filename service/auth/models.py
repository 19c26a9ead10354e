"""The ``User`` table and its API schemas."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cases.model import REGIONS
from service.auth.roles import REGIONAL_ROLES, Role
from service.db.base import Base, UtcDateTime


class User(Base):
    """A person (or technical account) with one role and, for regional roles, regions."""

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("issuer", "subject", name="uq_users_issuer_subject"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    regions_csv: Mapped[str] = mapped_column("regions", String(128), default="")
    token_id: Mapped[str] = mapped_column(String(32), unique=True)
    token_salt: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    created_by: Mapped[str] = mapped_column(String(64))
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # Accounts of the identity provider (OIDC): its issuer and the person's subject there.
    # Their role and regions come from the provider's claims at every sign-in; they hold no
    # usable local token (the stored hash matches no secret).
    issuer: Mapped[str | None] = mapped_column(String(255), nullable=True)
    subject: Mapped[str | None] = mapped_column(String(255), nullable=True)
    # Four eyes (issue #14, item 5): the admin whose act left this account waiting for a second
    # admin's confirmation (its creator, or the admin who rotated its token), ``None`` once
    # confirmed. A pending account's token does not work; revoking it does not confirm it.
    pending_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # The admin who last issued this account a new token (not the holder itself); kept after
    # the confirmation, for the ``same_creator`` check of approvals.
    rotated_by: Mapped[str | None] = mapped_column(String(64), nullable=True)

    @property
    def regions(self) -> tuple[str, ...]:
        """Regions whose cases the user may see (all of them for non-regional roles)."""
        if Role(self.role) in REGIONAL_ROLES:
            return tuple(r for r in self.regions_csv.split(",") if r)
        return REGIONS

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class UserBase(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class UserCreate(UserBase):
    name: str = Field(pattern=r"^[A-Za-z0-9._@-]{1,64}$")
    role: Role
    regions: list[str] = Field(default_factory=list, max_length=len(REGIONS))
    reason: str | None = Field(
        default=None,
        max_length=2000,
        pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$",
        description="Why the account is created (in the audit entry).",
    )


class UserRead(UserBase):
    id: int
    name: str
    role: Role
    regions: list[str]
    created_at: datetime
    created_by: str
    revoked_at: datetime | None = None


class UserCreated(UserRead):
    token: str = Field(
        description="The bearer token. Shown once; only its hash is stored. Empty for an "
        "account of role policy or admin until a second admin confirms it."
    )
    pending: bool = Field(
        default=False,
        description="Waits for a second admin's POST /users/{id}/confirm (issue #14).",
    )


class SessionRecord(Base):
    """One signed-in web session, shared by every worker: logout or expiry ends it everywhere.

    The cookie carries the session id (signed); the row is found by the id's SHA-256, so a copy
    of the table gives no working cookie.
    """

    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the session id
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    method: Mapped[str] = mapped_column(String(16))  # "token" or "oidc"
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    end_reason: Mapped[str | None] = mapped_column(String(32), nullable=True)
    client: Mapped[str] = mapped_column(String(64), default="")
    token_fp: Mapped[str] = mapped_column(String(64), default="")  # local tokens: rotation check
    id_token: Mapped[str | None] = mapped_column(Text, nullable=True)  # OIDC: logout hint


class AuthFailure(Base):
    """Failed sign-ins and bearer checks per key (client address or token id), all workers."""

    __tablename__ = "auth_failures"

    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(UtcDateTime())
    failures: Mapped[int] = mapped_column(Integer)
    blocked_until: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
