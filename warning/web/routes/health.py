"""`/healthz` (cheap: is the database reachable) and `/status` (the whole status as JSON), for
load balancers, container health checks and monitoring."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from warning.core.db.runtime import Database
from warning.service.status import database_reachable, full_status

router = APIRouter(tags=["health"])


def _database(request: Request) -> Database:
    database: Database = request.app.state.db
    return database


@router.get("/healthz", summary="Liveness: the database answers")
def healthz(request: Request) -> JSONResponse:
    with _database(request).sessions() as session:
        error = database_reachable(session)
    if error is not None:
        return JSONResponse({"status": "error", "database": error}, status_code=503)
    return JSONResponse({"status": "ok"})


@router.get("/status", summary="Sources, jobs, outbox backlog and timeliness")
def status(request: Request) -> JSONResponse:
    with _database(request).sessions() as session:
        report = full_status(session, request.app.state.settings)
    return JSONResponse(jsonable_encoder(report))
