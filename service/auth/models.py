"""The ``User`` table and its API schemas."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cases.model import REGIONS
from service.auth.roles import REGIONAL_ROLES, Role
from service.db.base import Base, UtcDateTime


class User(Base):
    """A person (or technical account) with one role and, for regional roles, regions."""

    __tablename__ = "users"

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


class UserRead(UserBase):
    id: int
    name: str
    role: Role
    regions: list[str]
    created_at: datetime
    created_by: str
    revoked_at: datetime | None = None


class UserCreated(UserRead):
    token: str = Field(description="The bearer token. Shown once; only its hash is stored.")
