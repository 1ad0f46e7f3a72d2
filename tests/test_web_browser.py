"""What only a real browser shows: the page at phone size, its requests, escaping, and it working with
JavaScript off. Debian's chromium and chromium-driver, driven by selenium, against the app on 127.0.0.1."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import threading
import time
from contextlib import contextmanager

import pytest
from telegram_harness import free_port

from bot.questionlog import QuestionLog
from bot.service import Service
from bot.web import WebSettings, create_app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
try:
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    webdriver = None

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER and webdriver),
    reason="needs a real browser: apt-get install chromium chromium-driver, and pip install selenium",
)
WIDTH, HEIGHT = 390, 844
QUESTION = "谁负责噪声管理"
LEADS = "市生态环境局、市自然资源规划局、市科学技术和工业信息化局"


@pytest.fixture(scope="module")
def server(answerer, tmp_path_factory):
    """The app under uvicorn in a thread, on a free loopback port, with a question log of its own."""
    import uvicorn

    log = QuestionLog(tmp_path_factory.mktemp("web") / "questions.sqlite")
    app = create_app(WebSettings(flood_per_minute=0), Service(answerer, log))
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the web app did not start"
        time.sleep(0.05)
    server.base_url = f"http://127.0.0.1:{port}"
    server.log = log
    yield server
    server.should_exit = True
    thread.join(10)


@contextmanager
def chromium(javascript: bool = True):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        f"--window-size={WIDTH},{HEIGHT}",
    ):
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    try:
        driver.set_window_size(WIDTH, HEIGHT)
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def ask(driver, question: str) -> None:
    field = driver.find_element(By.NAME, "q")
    field.clear()
    field.send_keys(question)
    field.send_keys(Keys.ENTER)


def wait_for_card(driver, label: str):
    def card(d):
        for article in d.find_elements(By.CSS_SELECTOR, "#answer article.card"):
            if article.find_element(By.TAG_NAME, "h2").text == label:
                return article
        return False

    return WebDriverWait(driver, 15).until(card)


def test_at_phone_size_an_answer_shows_its_task_and_leads_and_nothing_overflows(server):
    with chromium() as driver:
        driver.get(server.base_url + "/")
        assert driver.execute_script("return window.innerWidth") <= WIDTH
        ask(driver, QUESTION)
        card = wait_for_card(driver, "第27条")
        leads = card.find_element(By.CSS_SELECTOR, ".leads b")
        assert leads.text == LEADS and leads.value_of_css_property("font-weight") in ("700", "bold")
        assert "噪声" in [m.text for m in card.find_elements(By.TAG_NAME, "mark")]
        for path in ("", "/overview", "/departments", "/documents"):
            if path:
                driver.get(server.base_url + path)
            width = driver.execute_script(
                "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert width[0] <= width[1], (path, width)


def test_every_request_goes_to_the_pages_own_host(server):
    with chromium() as driver:
        driver.get(server.base_url + "/")
        ask(driver, QUESTION)
        wait_for_card(driver, "第27条")
        requested = driver.execute_script(
            "return performance.getEntriesByType('resource').map(function (e) { return e.name; })"
        )
        assert any("/static/site.css" in url for url in requested) and any(
            "/answer?" in url for url in requested
        )
        assert all(url.startswith(server.base_url + "/") for url in requested), requested


def test_a_question_with_markup_executes_nothing_and_shows_as_text(server):
    markup = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
    with chromium() as driver:
        for url in (server.base_url + "/", server.base_url + "/?q=" + markup.replace("<", "%3C")):
            driver.get(url)
            if url.endswith("/"):
                ask(driver, markup)
            asked = WebDriverWait(driver, 15).until(
                lambda d: d.find_elements(By.CSS_SELECTOR, "#answer .asked") or False
            )
            assert asked[0].text == "问:" + markup
            assert driver.execute_script("return window.pwned === undefined")
            with pytest.raises(NoAlertPresentException):
                driver.switch_to.alert.text  # noqa: B018


def test_with_javascript_off_the_same_answer_appears(server):
    with chromium(javascript=False) as driver:
        driver.get(server.base_url + "/")
        field = driver.find_element(By.NAME, "q")
        field.send_keys(QUESTION)
        time.sleep(1)  # with JavaScript on, an answer would appear while typing
        assert not driver.find_elements(By.CSS_SELECTOR, "#answer article.card")
        field.send_keys(Keys.ENTER)
        card = wait_for_card(driver, "第27条")
        assert card.find_element(By.CSS_SELECTOR, ".leads b").text == LEADS
        assert "q=" in driver.current_url  # a real page load, not a script


def test_thumbs_up_is_recorded_in_the_question_log(server):
    with chromium() as driver:
        driver.get(server.base_url + "/")
        ask(driver, "农业局牵头哪几条")
        wait_for_card(driver, "第5条")
        form = driver.find_element(By.CSS_SELECTOR, "form.feedback")
        question_id = int(form.find_element(By.NAME, "question").get_attribute("value"))
        form.find_element(By.CSS_SELECTOR, "button[value='1']").click()
        WebDriverWait(driver, 15).until(lambda d: "谢谢反馈" in d.find_element(By.ID, "answer").text)
    rows = sqlite3.connect(server.log.path).execute(
        "SELECT q.question, q.channel, f.vote FROM feedback f JOIN questions q ON q.id = f.question_id "
        "WHERE q.id = ?",
        (question_id,),
    )
    assert rows.fetchall() == [("农业局牵头哪几条", "web", 1)]
