"""The pages: ask and answer, one task, departments, the overview by theme, the documents, the API.

Every page is complete without JavaScript; /answer is the answer alone, for site.js to swap in.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from .asking import ask, asker, checked, client_address, service, too_many
from .views import AnswerView, Views, answer_url

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
EXAMPLES = ("谁负责噪声管理", "农业局牵头哪几条", "第27条", "村里砖厂冒黑烟归哪条管")


def render(request: Request, template: str, **context) -> Response:
    return request.app.state.templates.TemplateResponse(request, template, context)


def number(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) < 10 else None


def answer_view(request: Request, q: str | None, page: str | None, qid: str | None, live: bool) -> AnswerView:
    """A new question is answered and logged; paging, voting and previews show it again, unlogged."""
    views = Views(service(request).answerer.store)
    if number(qid) is not None or live:
        question = checked(q)
        if live and not request.app.state.previews.allow(client_address(request)):
            raise too_many(request)
        return views.answer(service(request).answer(question), number(page) or 1, number(qid))
    reply = ask(request, q, "page")
    return views.answer(reply.answer, number(page) or 1, reply.question_id)


@router.get("/")
async def home(
    request: Request, q: str | None = None, page: str | None = None, qid: str | None = None, voted: str = ""
) -> Response:
    """The question form; with ?q=, the answer under it (an empty form sent without JavaScript: the form)."""
    view = answer_view(request, q, page, qid, live=False) if q and q.strip() else None
    documents = service(request).answerer.store.documents
    return render(request, "index.html", view=view, documents=documents, examples=EXAMPLES, voted=voted)


@router.get("/answer")
async def answer_fragment(
    request: Request, q: str | None = None, page: str | None = None, qid: str | None = None, live: str = ""
) -> Response:
    """The answer section alone: site.js shows it while typing (live=1, not logged) and on submit."""
    view = answer_view(request, q, page, qid, live=live == "1")
    return render(request, "_answer.html", view=view, voted="")


@router.post("/vote")
async def vote(
    request: Request,
    question: Annotated[int, Form()],
    vote: Annotated[int, Form()],
    q: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """👍/👎 from the form under an answer; without JavaScript, back to the answer with a thank-you. A form
    another site makes the browser send (its Fetch Metadata says cross-site) is refused: no forged votes."""
    if request.headers.get("sec-fetch-site") == "cross-site":
        raise HTTPException(403, "不接受其他网站代为提交的反馈。")
    recorded = service(request).vote(question, asker(request, "page"), vote)
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"recorded": recorded})
    back = answer_url(q, qid=question, voted=int(recorded)) if q.strip() else "/"
    return RedirectResponse(back, status_code=303)


@router.get("/tasks/{document}/{label}")
async def task(request: Request, document: str, label: str) -> Response:
    views = Views(service(request).answerer.store)
    try:
        info, found = views.find_task(document, label)
    except LookupError as error:
        raise HTTPException(404, str(error)) from None
    return render(request, "task.html", card=views.card(found), document=info)


@router.get("/departments")
async def departments(request: Request) -> Response:
    return render(
        request, "departments.html", departments=Views(service(request).answerer.store).departments()
    )


@router.get("/departments/{name}")
async def department(request: Request, name: str) -> Response:
    try:
        cards = Views(service(request).answerer.store).department(name)
    except LookupError as error:
        raise HTTPException(404, str(error)) from None
    return render(request, "department.html", name=name, cards=cards)


@router.get("/overview")
async def overview(request: Request) -> Response:
    views = Views(service(request).answerer.store)
    return render(request, "overview.html", documents=views.overview())


@router.get("/documents")
async def documents(request: Request) -> Response:
    return render(request, "documents.html", documents=Views(service(request).answerer.store).documents())


@router.get("/docs")
async def api_docs(request: Request) -> Response:
    """The API described from its own OpenAPI document, with no script from anywhere."""
    return render(request, "docs.html", openapi=request.app.openapi())
