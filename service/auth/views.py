"""``/users`` (admin) and ``/me`` (everyone): accounts and tokens over the API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Path, status

from service.auth import service as user_service
from service.auth.models import UserCreate, UserCreated, UserRead
from service.auth.roles import ADMIN_ROLES
from service.deps import CurrentUser, DatabaseDep, allow
from service.errors import ApiError, InvalidInput
from service.params import TEXT_PATTERN

router = APIRouter(tags=["users"])
admin = APIRouter(prefix="/users", tags=["users"], dependencies=[Depends(allow(ADMIN_ROLES))])


@router.get("/me", response_model=UserRead, summary="Who am I")
def me(user: CurrentUser) -> UserRead:
    """The caller's name, role and regions (for clients to adapt what they show)."""
    return UserRead.model_validate(user)


@admin.get("", response_model=list[UserRead], summary="List users")
def list_users(db: DatabaseDep) -> list[UserRead]:
    with db.read() as session:
        return [UserRead.model_validate(u) for u in user_service.get_all(db_session=session)]


@admin.post(
    "",
    response_model=UserCreated,
    status_code=status.HTTP_201_CREATED,
    summary="Create a user (the token is shown once)",
    responses={409: {"description": "A user of that name exists."}},
)
def create_user(body: UserCreate, user: CurrentUser, db: DatabaseDep) -> UserCreated:
    """An account of role policy or admin waits for a second admin's confirmation
    (``pending``, no token yet); the others get their token at once."""
    pending = user_service.needs_confirmation(body.role.value)
    try:
        with db.write() as session:
            created, token = user_service.create(
                db_session=session,
                name=body.name,
                role=body.role.value,
                regions=body.regions,
                actor=user.name,
                pending=pending,
                reason=body.reason,
            )
    except user_service.UserExistsError as error:
        raise ApiError.of(status.HTTP_409_CONFLICT, error.catalogue_key, error.values) from None
    except user_service.UserError as error:
        raise InvalidInput(error.field, error.catalogue_key, "body", **error.values) from None
    return UserCreated(
        **UserRead.model_validate(created).model_dump(), token=token, pending=pending
    )


@admin.post(
    "/{user_id}/confirm",
    response_model=UserCreated,
    summary="Confirm a pending account (a second admin; its token is shown once)",
    responses={404: {"description": "No such user."}, 409: {"description": "Not pending."}},
)
def confirm_user(
    user_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    user: CurrentUser,
    db: DatabaseDep,
    reason: Annotated[str | None, Body(embed=True, max_length=2000, pattern=TEXT_PATTERN)] = None,
) -> UserCreated:
    try:
        with db.write() as session:
            target = user_service.get(db_session=session, user_id=user_id)
            if target is None:
                raise ApiError(status.HTTP_404_NOT_FOUND, "api.user_not_found")
            acting = user_service.get(db_session=session, user_id=user.id)
            assert acting is not None
            token = user_service.confirm(
                db_session=session, user=target, actor=acting, reason=reason
            )
            return UserCreated(**UserRead.model_validate(target).model_dump(), token=token)
    except user_service.UserError as error:
        raise ApiError.of(status.HTTP_409_CONFLICT, error.catalogue_key, error.values) from None


@admin.post(
    "/{user_id}/revoke",
    response_model=UserRead,
    summary="Revoke a user's access",
    responses={
        404: {"description": "No such user."},
        409: {"description": "The last active admin."},
    },
)
def revoke_user(
    user_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    user: CurrentUser,
    db: DatabaseDep,
    reason: Annotated[str | None, Body(embed=True, max_length=2000, pattern=TEXT_PATTERN)] = None,
) -> UserRead:
    with db.write() as session:
        target = user_service.get(db_session=session, user_id=user_id)
        if target is None:
            raise ApiError(status.HTTP_404_NOT_FOUND, "api.user_not_found")
        try:
            user_service.revoke(db_session=session, user=target, actor=user.name, reason=reason)
        except user_service.UserError as error:  # the last active admin
            raise ApiError.of(status.HTTP_409_CONFLICT, error.catalogue_key, error.values) from None
        return UserRead.model_validate(target)
