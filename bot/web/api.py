"""The JSON API: the same answers as `python -m bot ask --json`, and the store's tasks and departments."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request

from .asking import ask, service
from .views import Views, task_json

router = APIRouter()
ERRORS = {400: {"description": "no question"}, 422: {"description": "a question too long"}}


@router.get("/api/ask", summary="Answer a question", responses={**ERRORS, 429: {"description": "too many"}})
async def api_ask(
    request: Request, q: Annotated[str | None, Query(description="the question")] = None
) -> dict:
    """Exactly what `python -m bot ask --json` prints: the tasks quoted, their leads, or an honest refusal."""
    return ask(request, q, "api").answer.to_dict()


@router.get(
    "/api/tasks/{document}/{label}", summary="One task", responses={404: {"description": "no such task"}}
)
async def api_task(request: Request, document: str, label: str) -> dict:
    """A task by document id (see /api/documents) and label: 第27条, or 27."""
    try:
        info, task = Views(service(request).answerer.store).find_task(document, label)
    except LookupError as error:
        raise HTTPException(404, str(error)) from None
    return task_json(info.id, task)


@router.get("/api/departments", summary="Departments and how many tasks each leads")
async def api_departments(request: Request) -> list[dict]:
    store = service(request).answerer.store
    return [{"name": name, "tasks": n} for name, n in store.lead_counts()]


@router.get("/api/documents", summary="The documents answered from")
async def api_documents(request: Request) -> list[dict]:
    return [
        {"id": d.id, "title": d.title, "published": d.published, "tasks": n}
        for d, n in Views(service(request).answerer.store).documents()
    ]


@router.get("/healthz", summary="Liveness: the index is open")
async def healthz(request: Request) -> dict:
    return {"status": "ok", "tasks": sum(service(request).answerer.store.task_counts().values())}
