"""The web adapter in process: every route and error of the JSON API and the pages, through TestClient."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from conftest import REPO_DIR
from fastapi import APIRouter, Request
from fastapi.testclient import TestClient

from bot.answer import Answerer
from bot.questionlog import QuestionLog
from bot.service import Service
from bot.text import MAX_QUESTION_CHARS
from bot.web import WebSettings, create_app

HTML = {"Accept": "text/html"}


@pytest.fixture
def log(tmp_path) -> QuestionLog:
    return QuestionLog(tmp_path / "questions.sqlite")


def client_for(answerer, log=None, **settings) -> TestClient:
    service = Service(answerer, log, settings.pop("flood_per_minute", 0))
    return TestClient(create_app(WebSettings(**settings), service), **settings.pop("client", {}))


@pytest.fixture
def client(answerer, log) -> TestClient:
    return client_for(answerer, log)


def logged(log: QuestionLog) -> list[tuple]:
    return sqlite3.connect(log.path).execute("SELECT channel, chat_type, question FROM questions").fetchall()


def cli_json(question: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", question],
        capture_output=True,
        text=True,
        cwd=REPO_DIR,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout)


# --- the JSON API -------------------------------------------------------------------------------


@pytest.mark.parametrize("question", ["谁负责噪声管理", "农业局牵头哪几条", "社保卡怎么补办", "第99条"])
def test_api_ask_returns_exactly_what_the_cli_prints(client, question):
    response = client.get("/api/ask", params={"q": question})
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    assert response.json() == cli_json(question)


def test_api_questions_are_logged_as_web_api(client, log):
    client.get("/api/ask", params={"q": "谁负责噪声管理"})
    assert logged(log) == [("web", "api", "谁负责噪声管理")]


@pytest.mark.parametrize(
    ("params", "status"),
    [({}, 400), ({"q": ""}, 400), ({"q": "  \t "}, 400), ({"q": "噪" * (MAX_QUESTION_CHARS + 1)}, 422)],
)
def test_api_ask_refuses_a_missing_empty_or_over_long_question_with_json(client, log, params, status):
    response = client.get("/api/ask", params=params)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json" and response.json()["error"]
    assert logged(log) == []


def test_api_task_by_document_and_label(client, answerer):
    document = answerer.store.documents[0]
    by_label = client.get(f"/api/tasks/{document.id}/{quote('第27条')}")
    assert by_label.status_code == 200
    task = by_label.json()
    assert task["label"] == "第27条" and task["task"] == 27 and task["document"] == document.title
    assert "噪声" in task["text"] and "市生态环境局" in task["leads"]
    assert client.get(f"/api/tasks/{document.id}/27").json() == task


@pytest.mark.parametrize(
    "path", ["/api/tasks/1/第99条", "/api/tasks/999/第27条", "/api/tasks/1/abc", "/api/tasks/x/27"]
)
def test_api_unknown_task_or_document_is_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404 and response.json()["error"]


def test_api_departments_and_documents(client, answerer):
    departments = client.get("/api/departments").json()
    assert [(d["name"], d["tasks"]) for d in departments] == answerer.store.lead_counts()
    documents = client.get("/api/documents").json()
    counts = answerer.store.task_counts()
    assert [(d["id"], d["tasks"]) for d in documents] == [
        (d.id, counts[d.id]) for d in answerer.store.documents
    ]


def test_healthz(client, answerer):
    assert client.get("/healthz").json() == {"status": "ok", "tasks": answerer.store.task_count}


def test_openapi_describes_the_api_and_docs_render_it_without_other_hosts(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/ask", "/api/tasks/{document}/{label}", "/api/departments", "/healthz"} <= set(paths)
    assert "/" not in paths and "/vote" not in paths  # pages are not API
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/tasks/{document}/{label}" in docs.text
    assert not re.search(r"(src|href)=\"(https?:)?//", docs.text)


def test_unknown_paths_are_404_as_json_for_programs_and_as_a_page_for_browsers(client):
    assert client.get("/api/nothing").json()["error"]
    page = client.get("/nothing", headers=HTML)
    assert (
        page.status_code == 404
        and "text/html" in page.headers["content-type"]
        and "没有这个页面" in page.text
    )


def test_a_bug_is_a_logged_json_500_never_a_traceback(answerer, caplog):
    class Broken(Answerer):
        def __init__(self):
            self.store = answerer.store

        def answer(self, question):
            raise RuntimeError("a bug")

    client = TestClient(create_app(WebSettings(), Service(Broken())), raise_server_exceptions=False)
    response = client.get("/api/ask", params={"q": "噪声"})
    assert response.status_code == 500 and response.json() == {"error": "服务器内部错误,请稍后再试。"}
    assert "Traceback" not in response.text and "a bug" not in response.text
    assert "content-security-policy" in response.headers
    assert any(r.exc_info and "a bug" in str(r.exc_info[1]) for r in caplog.records)


# --- the pages ----------------------------------------------------------------------------------


def test_home_page_is_a_form_with_an_input_named_q(client, log):
    page = client.get("/")
    assert page.status_code == 200
    assert re.search(r'<form class="ask" action="/" method="get"', page.text)
    assert re.search(r'<input id="q" name="q"', page.text)
    assert client.get("/", params={"q": " "}).text == page.text  # the empty form sent without JavaScript
    assert logged(log) == []


def test_an_answer_page_shows_cards_with_marked_words_bold_leads_and_the_document(client, log, answerer):
    page = client.get("/", params={"q": "谁负责噪声管理"}).text
    card = re.search(r'<article class="card">.*?</article>', page, re.S)[0]
    assert ">第27条</a>" in card and "<mark>噪声</mark>" in card
    assert "<b>市生态环境局、市自然资源规划局、市科学技术和工业信息化局</b>" in card
    assert f"《{answerer.store.documents[0].title}》" in card
    assert logged(log) == [("web", "page", "谁负责噪声管理")]


def test_a_question_the_document_does_not_cover_says_so_with_suggestions_as_links(client):
    page = client.get("/", params={"q": "社保卡怎么补办"}).text
    assert "本文件没有涉及" in page and "<article" not in page
    links = re.findall(r'<li><a href="(/tasks/[^"]+)">', page)
    assert links and all(client.get(link).status_code == 200 for link in links)


def test_long_answers_are_paged_and_paging_does_not_log_again(client, log, answerer):
    question = "生态环境局牵头哪些"
    first = client.get("/", params={"q": question}).text
    pager = re.findall(r'<nav class="pager".*?</nav>', first, re.S)[0]
    second_url = re.search(r'href="([^"]*page=2[^"]*)"', pager)[1].replace("&amp;", "&")
    second = client.get(second_url).text
    labels = lambda text: re.findall(r">(第\d+条)</a></h2>", text)  # noqa: E731
    assert len(labels(first)) == 10 and labels(second) and not set(labels(first)) & set(labels(second))
    assert len(logged(log)) == 1
    assert "feedback" in second  # the page still offers 👍/👎 for the logged question
    assert labels(client.get("/", params={"q": question, "page": "abc"}).text) == labels(first)


def test_every_question_is_escaped(client):
    markup = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    page = client.get("/", params={"q": markup}).text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_pages_carry_a_content_security_policy_of_their_own_origin_only(client):
    for path in ("/", "/?q=噪声", "/static/site.css", "/api/ask?q=噪声", "/healthz", "/nothing"):
        policy = client.get(path).headers["content-security-policy"]
        assert (
            "default-src 'self'" in policy and "script-src 'self'" in policy and "style-src 'self'" in policy
        )
        assert "unsafe-inline" not in policy and "http" not in policy


def test_no_page_has_inline_script_or_style_or_any_other_host(client, answerer):
    document = answerer.store.documents[0].id
    paths = [
        "/",
        "/?q=噪声",
        "/?q=社保卡",
        "/overview",
        "/departments",
        "/documents",
        f"/tasks/{document}/27",
    ]
    for path in paths:
        page = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=\"/static/)", page), path
        assert "<style" not in page and not re.search(r"<[^>]+\s(style|on[a-z]+)=", page), path
        assert not re.search(r"(src|href|action)=\"(https?:)?//", page), path
    for asset in ("/static/site.css", "/static/site.js"):
        assert not re.search(r"https?://|url\(", client.get(asset).text), asset


def test_the_first_answer_page_is_small(client):
    weight = sum(
        len(client.get(path).content)
        for path in ("/?q=谁负责噪声管理", "/static/site.css", "/static/site.js")
    )
    assert weight < 30_000


def test_vote_without_javascript_redirects_back_and_is_recorded(client, log):
    page = client.get("/", params={"q": "谁负责噪声管理"}).text
    question_id = re.search(r'name="question" value="(\d+)"', page)[1]
    response = client.post(
        "/vote", data={"question": question_id, "vote": "1", "q": "谁负责噪声管理"}, follow_redirects=False
    )
    assert response.status_code == 303
    back = parse_qs(urlsplit(response.headers["location"]).query)
    assert back == {"q": ["谁负责噪声管理"], "qid": [question_id], "voted": ["1"]}
    assert "谢谢反馈" in client.get(response.headers["location"]).text
    votes = sqlite3.connect(log.path).execute("SELECT question_id, vote FROM feedback").fetchall()
    assert votes == [(int(question_id), 1)] and len(logged(log)) == 1


def test_vote_from_javascript_answers_json(client, log):
    client.get("/api/ask", params={"q": "噪声"})
    [(question_id,)] = sqlite3.connect(log.path).execute("SELECT id FROM questions").fetchall()
    accept = {"Accept": "application/json"}
    assert client.post("/vote", data={"question": question_id, "vote": "-1"}, headers=accept).json() == {
        "recorded": True
    }
    assert client.post("/vote", data={"question": 999, "vote": "1"}, headers=accept).json() == {
        "recorded": False
    }
    assert client.post("/vote", data={"question": question_id, "vote": "5"}, headers=accept).json() == {
        "recorded": False
    }
    assert client.post("/vote", data={"vote": "1"}).status_code == 422


def test_a_vote_another_site_makes_the_browser_send_is_refused(client, log):
    client.get("/api/ask", params={"q": "噪声"})
    [(question_id,)] = sqlite3.connect(log.path).execute("SELECT id FROM questions").fetchall()
    forged = client.post(
        "/vote", data={"question": question_id, "vote": "-1"}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert forged.status_code == 403
    assert sqlite3.connect(log.path).execute("SELECT count(*) FROM feedback").fetchone() == (0,)
    own = client.post(
        "/vote", data={"question": question_id, "vote": "1"}, headers={"Sec-Fetch-Site": "same-origin"}
    )
    assert own.status_code in (200, 303)


def test_live_answers_while_typing_are_a_fragment_and_not_logged(client, log):
    fragment = client.get("/answer", params={"q": "谁负责噪声管理", "live": "1"}, headers=HTML)
    assert fragment.status_code == 200 and "<html" not in fragment.text and "第27条" in fragment.text
    assert "feedback" not in fragment.text and logged(log) == []
    submitted = client.get("/answer", params={"q": "谁负责噪声管理"}, headers=HTML)
    assert "feedback" in submitted.text and len(logged(log)) == 1
    empty = client.get("/answer", params={"q": " "}, headers=HTML)
    assert empty.status_code == 400 and "<html" not in empty.text and "请提供问题" in empty.text


def test_an_over_long_question_on_the_page_is_a_polite_400(client):
    page = client.get("/", params={"q": "噪" * (MAX_QUESTION_CHARS + 1)}, headers=HTML)
    assert page.status_code == 422 and "问题太长了" in page.text and "<form" not in page.text


def test_task_page(client, answerer):
    document = answerer.store.documents[0]
    page = client.get(f"/tasks/{document.id}/{quote('第27条')}").text
    assert ">第27条</a>" in page and "<b>市生态环境局" in page
    assert f'href="/departments/{quote("市生态环境局")}"' in page
    assert client.get(f"/tasks/{document.id}/第99条", headers=HTML).status_code == 404


def test_departments_and_each_departments_tasks(client, answerer):
    listing = client.get("/departments").text
    for name, count in answerer.store.lead_counts():
        assert f'{name}<span class="count">{count}条</span>' in listing
    page = client.get(f"/departments/{quote('市农业农村局')}").text
    tasks, total = answerer.store.tasks_led_by([answerer.store.department_ids["市农业农村局"]])
    assert re.findall(r">(第\d+条)</a></h2>", page) == [t.label for t in tasks] and total == len(tasks)
    assert client.get(f"/departments/{quote('农业农村局')}").text.count("<article") == len(
        tasks
    )  # short name
    assert client.get("/departments/没有这个局", headers=HTML).status_code == 404


def test_overview_by_theme_and_the_document_list(client, answerer):
    store = answerer.store
    document = store.documents[0]
    page = client.get("/overview").text
    themes = store.themes(document.id)
    assert page.count("<summary>") == len(themes)
    for name, numbers in themes:
        assert f"{name}({len(numbers)}条)" in page
    assert len(re.findall(r"<li><a href=\"/tasks/", page)) == sum(len(n) for _, n in themes)
    documents = client.get("/documents").text
    assert document.title in documents and f"共{store.task_counts()[document.id]}条任务" in documents


# --- flood limit and client addresses -----------------------------------------------------------


def test_over_the_flood_limit_the_api_says_429_in_json_and_the_page_politely(answerer, log):
    client = client_for(answerer, log, flood_per_minute=2)
    assert [client.get("/api/ask", params={"q": "噪声"}).status_code for _ in range(2)] == [200, 200]
    refused = client.get("/api/ask", params={"q": "噪声"})
    assert refused.status_code == 429 and refused.headers["retry-after"] == "60"
    assert "每分钟最多2个问题" in refused.json()["error"]
    page = client.get("/", params={"q": "噪声"}, headers=HTML)
    assert page.status_code == 429 and "您提问太频繁了" in page.text and "<html" in page.text
    assert len(logged(log)) == 2


def test_x_forwarded_for_counts_only_from_a_trusted_proxy(answerer):
    def statuses(trusted: frozenset[str]) -> list[int]:
        service = Service(answerer, flood_per_minute=1)
        app = create_app(WebSettings(trusted_proxies=trusted), service)
        client = TestClient(app, client=("10.0.0.2", 40000))
        return [
            client.get("/api/ask", params={"q": "噪声"}, headers={"X-Forwarded-For": address}).status_code
            for address in ("198.51.100.1", "198.51.100.2")
        ]

    assert statuses(frozenset({"10.0.0.2"})) == [200, 200]  # two people behind the proxy
    assert statuses(frozenset()) == [200, 429]  # a forged header from anyone else changes nothing


def test_settings_read_the_environment_and_refuse_nonsense():
    from bot.service import ConfigError

    settings = WebSettings.from_env({"BOT_FLOOD_PER_MINUTE": "5", "BOT_WEB_TRUSTED_PROXIES": "10.0.0.2, ::1"})
    assert settings.flood_per_minute == 5 and settings.trusted_proxies == {"10.0.0.2", "::1"}
    with pytest.raises(ConfigError, match="BOT_WEB_TRUSTED_PROXIES"):
        WebSettings.from_env({"BOT_WEB_TRUSTED_PROXIES": "proxy.local"})
    with pytest.raises(ConfigError, match="BOT_FLOOD_PER_MINUTE"):
        WebSettings.from_env({"BOT_FLOOD_PER_MINUTE": "lots"})


def test_more_channels_mount_their_routers_and_find_the_service(answerer):
    router = APIRouter()

    @router.get("/robot/ping")
    async def ping(request: Request) -> dict:
        return {"tasks": request.app.state.service.answerer.store.task_count}

    client = TestClient(create_app(WebSettings(), Service(answerer), routers=[router]))
    assert client.get("/robot/ping").json() == {"tasks": answerer.store.task_count}


def test_the_chat_app_routes_are_mounted_exactly_when_their_secrets_are_set(answerer):
    bare = client_for(answerer, **{})
    assert bare.post("/dingtalk", content=b"{}").status_code == 404
    assert bare.get("/wecom").status_code == 404
    env = {
        "DINGTALK_APP_SECRET": "s3cret",
        "WECOM_TOKEN": "token",
        "WECOM_AES_KEY": "a" * 43,
        "WECOM_CORP_ID": "ww0123456789",
    }
    settings = WebSettings.from_env(env)
    assert settings.dingtalk is not None and settings.wecom is not None
    chat = TestClient(create_app(settings, Service(answerer)))
    assert chat.post("/dingtalk", content=b"{}").status_code == 401  # there, and unsigned calls are refused
    assert chat.get(
        "/wecom", params={"msg_signature": "x", "timestamp": "1", "nonce": "2", "echostr": "e"}
    ).status_code in (400, 401)
    assert "s3cret" not in repr(settings) and "a" * 43 not in repr(settings)
