"""Erasure of a case on request (admin, four eyes): ``/cases/{case_id}/erasure-requests`` and
``/erasure-requests``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import APIRouter, Depends, status

from service.auth.roles import ADMIN_ROLES
from service.cases.views import CaseId, CaseRegion
from service.deps import CurrentUser, DatabaseDep, SettingsDep, allow
from service.erasure import service as erasure_service
from service.erasure.models import (
    ErasureReport,
    ErasureRequestCreate,
    ErasureRequestList,
    ErasureRequestRead,
)
from service.erasure.scrub import after_erasure, touched
from service.errors import ApiError
from service.language import ReaderLang
from texts import text

router = APIRouter(tags=["erasure"], dependencies=[Depends(allow(ADMIN_ROLES))])


@contextmanager
def _http_errors() -> Iterator[None]:
    try:
        yield
    except erasure_service.ErasureError as error:
        raise ApiError.of(error.status_code, error.key, error.values) from None


@router.post(
    "/cases/{case_id}/erasure-requests",
    response_model=ErasureRequestRead,
    status_code=status.HTTP_201_CREATED,
    summary="Ask to erase a case (a second administrator confirms)",
    responses={
        404: {"description": "No such case."},
        409: {"description": "Already asked, or the id is held by several regions."},
    },
)
def request_erasure(
    case_id: CaseId,
    body: ErasureRequestCreate,
    user: CurrentUser,
    db: DatabaseDep,
    region: CaseRegion = None,
) -> ErasureRequestRead:
    """GDPR Art. 17: the first step of erasing one case and everything stored about it (the
    case ``case_id`` of ``region``; the region may be left out where only one holds the id).
    Nothing is erased until a *different* administrator confirms the request. Audited."""
    with _http_errors(), db.write() as session:
        row = erasure_service.request(
            session, case_id=case_id, user=user, reason=body.reason, region=region
        )
        return ErasureRequestRead.model_validate(row)


@router.get(
    "/erasure-requests", response_model=ErasureRequestList, summary="Pending erasure requests"
)
def list_requests(db: DatabaseDep) -> ErasureRequestList:
    with db.read() as session:
        rows = erasure_service.get_pending(session)
        return ErasureRequestList(items=[ErasureRequestRead.model_validate(r) for r in rows])


@router.post(
    "/erasure-requests/{request_id}/confirm",
    response_model=ErasureReport,
    summary="Confirm an erasure request: the case is erased now",
    responses={
        403: {"description": "Four eyes: the requester cannot confirm."},
        404: {"description": "No such request."},
    },
)
def confirm_request(
    request_id: str, user: CurrentUser, db: DatabaseDep, settings: SettingsDep, lang: ReaderLang
) -> ErasureReport:
    """Erases the case's rows in every table and its mentions in the audit log (tombstones keep
    the chain verifiable); one audit entry, without the case id, records the erasure."""
    if len(request_id) != 36:
        raise ApiError(status.HTTP_404_NOT_FOUND, "api.erasure.not_found")
    with _http_errors(), db.write() as session:
        report = erasure_service.confirm(session, request_id=request_id, user=user)
    done = after_erasure(db, settings.erasure_scrub, touched(report.rows, audit_changed=True))
    if done is not None and done.pending:  # never claim the bytes are gone when they are not
        report.scrub_pending = list(done.pending)
        report.scrub_note = text(
            "retention.erase.scrub_pending", lang, tables=", ".join(done.pending)
        )
    return report


@router.post(
    "/erasure-requests/{request_id}/withdraw",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Withdraw an erasure request (the case stays)",
    responses={404: {"description": "No such request."}},
)
def withdraw_request(
    request_id: str, body: ErasureRequestCreate, user: CurrentUser, db: DatabaseDep
) -> None:
    if len(request_id) != 36:
        raise ApiError(status.HTTP_404_NOT_FOUND, "api.erasure.not_found")
    with _http_errors(), db.write() as session:
        erasure_service.withdraw(session, request_id=request_id, user=user, reason=body.reason)
