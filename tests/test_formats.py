"""Plans as they are published: one sample plan per format parses to exactly the tasks written in it, and
with all of them in one corpus beside the current plan, questions about each reach the right tasks."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
import zipfile

import pytest
from conftest import CORPUS_DIR, REPO_DIR, run_env
from plans import FORMATS_DIR, sample_corpus, write_dust_lines_docx, write_waste_table_docx
from test_quality import FLOORS

from bot import Answerer, Store
from bot.corpus import CorpusError, load_document
from bot.evaluate import evaluate, load_questions
from bot.index import build_index
from bot.structure import due_date

CURRENT = "定州市印发《关于加强生态环境分区管控的实施建议》分工落实方案"
SEWAGE = "定州市农村生活污水治理三年行动分工方案"
WASTE = "定州市城乡生活垃圾分类工作任务分工表"
DUST = "定州市建筑施工扬尘专项整治工作方案"
PESTICIDE = "定州市农药包装废弃物回收处理实施方案"
PARK = "定州市城區公園綠地管護工作方案"
TODAY = datetime.date(2026, 11, 30)

ENV = "市生态环境局"
AGRI = "市农业农村局"
BUILD = "市住建局"
FINANCE = "市财政局"
URBAN = "市城市管理综合行政执法局"

# file -> (title, issuer, 文号, date, lines no task took, tasks: label -> (number, section, leads, partners,
# deadline, how the text starts))
EXPECTED = {
    "rural-sewage.txt": (
        SEWAGE, "定州市人民政府办公室", None, "2026-02-10", 0,
        {
            "第1条": (1, ("一、摸清底数",), (ENV,), (AGRI,), "2026年6月底前完成", "开展农村生活污水排放现状排查"),
            "第2条": (2, ("一、摸清底数",), (ENV, BUILD), ("各乡镇人民政府",), None, "按照集中处理"),
            "第3条": (3, ("二、建设治理设施", "（一）管网和处理站"), (BUILD,), ("市发展改革局",), None,
                      "推进靠近城区的村庄污水"),
            "第4条": (4, ("二、建设治理设施", "（一）管网和处理站"), (ENV,), (AGRI, FINANCE), "2027年底前完成",
                      "建设一批村级污水处理站"),
            "第5条": (5, ("二、建设治理设施", "（二）运行维护"), (ENV,), (FINANCE,), "长期坚持",
                      "建立污水处理设施运行维护管理制度,明确管护主体和经费来源,确保设施正常运行。"),
            "第6条": (6, ("三、保障措施",), ("市委组织部",), (ENV,), None, "将农村生活污水治理纳入乡镇年度考核"),
        },
    ),
    "waste-sorting.docx": (
        WASTE, "定州市城市管理综合行政执法局", "定城管〔2026〕5号", "2026-03-02", 1,
        {
            "第1条": (1, ("一、分类投放收集",), (URBAN,), (BUILD, FINANCE), "2026年6月底前", "在城区公共机构"),
            "第2条": (2, ("一、分类投放收集",), (URBAN, "市发展改革局"), ("市自然资源规划局",), "2027年12月底前",
                      "建设厨余垃圾集中处理设施"),
            "第3条": (3, ("一、分类投放收集",), (AGRI,), ("各乡镇人民政府",), "长期坚持", "在农村推行垃圾户分类"),
            "第4条": (4, ("一、分类投放收集",), ("市教育局",), (URBAN,), "2026年9月底前", "将垃圾分类知识"),
            "第5条": (5, ("二、监督考核",), (URBAN,), (ENV,), "长期坚持", "对分类投放、收集、运输、处理各环节"),
        },
    ),
    "construction-dust.docx": (
        DUST, None, None, "2026-04-08", 0,
        {
            "(一)1": (1, ("一、源头防控", "（一）施工工地管控"), (BUILD,), (URBAN, ENV), "2026年5月底前",
                      "城区建筑工地全面落实围挡"),
            "(一)2": (2, ("一、源头防控", "（一）施工工地管控"), (BUILD,), ("市科学技术和工业信息化局",),
                      "2026年6月底前", "工地出入口安装扬尘在线监测"),
            "(二)1": (1, ("一、源头防控", "（二）道路扬尘管控"), (URBAN,), ("市交通运输局",), "长期坚持",
                      "主次干道实行机械化清扫"),
            "(二)2": (2, ("一、源头防控", "（二）道路扬尘管控"), ("市交通运输局",), ("市公安局",), None,
                      "渣土运输车辆全部安装卫星定位装置"),
            "(三)1": (1, ("二、监督执法", "（三）联合执法"), (ENV,), (BUILD, URBAN), "2026年12月底前",
                      "每月开展一次扬尘治理联合执法检查"),
            "(三)2": (2, ("二、监督执法", "（三）联合执法"), ("市发展改革局",), (BUILD,), None,
                      "将扬尘治理情况纳入企业信用记录。"),
        },
    ),
    "pesticide-packaging.pdf": (
        PESTICIDE, "定州市农业农村局", "定农〔2026〕8号", "2026-03-20", 0,
        {
            "第1条": (1, ("一、建立回收体系",), (AGRI,), ("市供销社",), "2026年10月底前完成",
                      "依托农资经营门店设立农药包装废弃物回收点,每个乡镇至少建成一个集中贮存站,2026年10月底前完成。"),
            "第2条": (2, ("一、建立回收体系",), (AGRI,), ("市市场监督管理局",), None, "农药经营者应当"),
            "第3条": (3, ("二、规范处置",), (ENV,), (AGRI,), None, "集中贮存站定期将回收的"),
            "第4条": (4, ("二、规范处置",), (FINANCE,), (), "2026年底前", "对回收和处置工作给予补助"),
        },
    ),
    "park-maintenance.html": (
        PARK, "市城市管理綜合行政執法局", None, "2026-01-15", 1,
        {
            "第1条": (1, ("一、日常養護",), ("市城市管理綜合行政執法局",), ("市財政局",), None,
                      "建立公園綠地分級養護制度，按照一級、二級、三級養護標準落實修剪、澆水、施肥和病蟲害防治。"),
            "第2条": (2, ("一、日常養護",), ("市城市管理綜合行政執法局",), ("市水利局",), "2026年5月底前完成",
                      "汛期前對公園排水設施清淤疏通"),
            "第3条": (3, ("二、設施管理",), ("市城市管理綜合行政執法局",), ("市市場監督管理局",), None,
                      "定期檢查公園內健身器材、兒童遊樂設施和照明設備，發現損壞及時維修更換。"),
            "第4条": (4, ("二、設施管理",), (BUILD,), ("市自然資源規劃局",), "長期堅持", "新建改建公園"),
        },
    ),
}  # fmt: skip
QUESTION_SETS = {
    "rural-sewage.txt": SEWAGE,
    "waste-sorting.docx": WASTE,
    "construction-dust.docx": DUST,
    "pesticide-packaging.pdf": PESTICIDE,
    "park-maintenance.html": PARK,
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return sample_corpus(tmp_path_factory.mktemp("formats") / "corpus", CORPUS_DIR)


@pytest.fixture(scope="module")
def db(corpus):
    path = corpus.parent / "index.sqlite"
    report = build_index(corpus, path)
    assert report.documents == 6 and not report.skipped
    return path


@pytest.fixture(scope="module")
def answerer6(db):
    return Answerer(Store(db), today=lambda: TODAY)


@pytest.mark.parametrize("name", EXPECTED)
def test_each_sample_plan_parses_to_the_tasks_written_in_it(corpus, name):
    title, issuer, doc_number, published, unattributed, tasks = EXPECTED[name]
    document = load_document(corpus / name)
    assert (document.title, document.issuer, document.doc_number, document.published) == (
        title,
        issuer,
        doc_number,
        published,
    )
    assert len(document.unattributed) == unattributed
    parsed = {
        t.label: (t.number, t.section, t.lead_departments, t.partner_departments, t.deadline)
        for t in document.tasks
    }
    assert parsed == {label: expected[:5] for label, expected in tasks.items()}
    for task in document.tasks:
        assert task.text.startswith(tasks[task.label][5])
        assert "牵头" not in task.text and "牽頭" not in task.text


def test_the_docx_samples_are_written_by_the_tests(tmp_path):
    """The committed files are the txt, pdf and html samples; the Word ones are built with python-docx."""
    for write in (write_waste_table_docx, write_dust_lines_docx):
        path = write(tmp_path / "plan.docx")
        assert zipfile.is_zipfile(path) and load_document(path).tasks


def test_the_html_sample_keeps_the_article_and_drops_the_portal_around_it(corpus):
    document = load_document(corpus / "park-maintenance.html")
    everything = " ".join(
        [document.title, *document.sections, *(t.source for t in document.tasks)]
        + [text for _, text in document.unattributed]
    )
    for clutter in ("首頁", "政務公開", "當前位置", "打印本頁", "關閉窗口", "字體", "版權所有", "siteId"):
        assert clutter not in everything
    assert document.unattributed == ((3, "為提升城區公園綠地管護水平，制定本方案。"),)


def test_traditional_script_is_quoted_as_written_and_searched_in_simplified(answerer6):
    answer = answerer6.answer("公园绿地分级养护")
    top = answer.results[0].task
    assert (top.document, top.label) == (PARK, "第1条") and "綠地" in top.text
    assert answerer6.answer("公園排水設施清淤").results[0].task.label == "第2条"


def test_a_pdf_without_text_is_refused_and_skipped_while_the_rest_is_indexed(corpus, tmp_path):
    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    scanned = tmp_path / "corpus" / "scanned.pdf"
    scanned.parent.mkdir()
    page = canvas.Canvas(str(scanned))
    page.rect(100, 100, 300, 500, fill=1)  # an image of a page, no text
    page.save()
    with pytest.raises(CorpusError, match=r"scanned\.pdf: scanned PDF, no text layer") as error:
        load_document(scanned)
    assert error.value.unreadable
    for path in corpus.iterdir():
        (scanned.parent / path.name).write_bytes(path.read_bytes())
    report = build_index(scanned.parent, tmp_path / "index.sqlite")
    assert report.documents == 6 and [e.path for e in report.skipped] == [str(scanned)]


def test_a_damaged_docx_is_refused_with_its_file_and_reason(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(b"not a zip file")
    with pytest.raises(CorpusError, match=r"plan\.docx: not a readable \.docx file") as error:
        load_document(path)
    assert error.value.unreadable


def test_a_task_number_repeated_within_one_section_is_refused_with_its_line(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(
        "标题\n（一）甲\n1. 甲。(市甲局牵头)\n1. 乙。(市乙局牵头)\n（二）乙\n1. 丙。(市丙局牵头)\n", "utf-8"
    )
    with pytest.raises(CorpusError, match=r"plan\.txt:4: task number 1 repeats the one on line 3"):
        load_document(path)


@pytest.mark.parametrize(
    ("deadline", "due"),
    [
        ("2026年6月底前", "2026-06-30"),
        ("2026年底前完成", "2026-12-31"),
        ("2027年12月底前", "2027-12-31"),
        ("2026年2月", "2026-02-28"),
        ("2026年上半年", "2026-06-30"),
        ("2026年3月15日前", "2026-03-15"),
        ("長期堅持", None),
        (None, None),
    ],
)
def test_deadlines_as_written_fall_due_on_a_date(deadline, due):
    assert due_date(deadline) == due


# --- questions, with all six plans in one corpus -------------------------------------------------


@pytest.mark.parametrize("name", QUESTION_SETS)
def test_questions_about_each_sample_plan_reach_its_tasks(answerer6, name):
    stem = name.rsplit(".", 1)[0]
    report = evaluate(
        answerer6.answer, load_questions(FORMATS_DIR / f"{stem}.questions.tsv"), QUESTION_SETS[name]
    )
    misses = [f"{q.kind} {q.expected} {q.text}" for q, _ in report.misses]
    assert report.rate("topic") >= 0.9, "\n".join(report.lines() + misses)
    for kind in ("department", "partner", "deadline", "task"):
        assert report.rate(kind) == 1.0 or kind not in report.totals, "\n".join(report.lines() + misses)


@pytest.mark.parametrize("metric", FLOORS)
def test_every_floor_of_the_current_plan_holds_beside_the_sample_plans(answerer6, metric):
    from conftest import QUESTIONS

    report = evaluate(answerer6.answer, load_questions(QUESTIONS), document=CURRENT)
    assert report.rate(metric) >= FLOORS[metric], "\n".join(report.lines())


def tasks_of(answer):
    return [(r.task.document, r.task.label) for r in answer.results]


def test_partner_questions_list_exactly_the_tasks_a_department_helps_with(answerer6):
    answer = answerer6.answer("农业农村局配合哪些")
    assert answer.intent == "partner" and answer.answered
    assert tasks_of(answer) == [(PESTICIDE, "第3条"), (SEWAGE, "第1条"), (SEWAGE, "第4条")]
    assert {r.role for r in answer.results} == {"partner"}
    assert tasks_of(answerer6.answer("城市管理综合行政执法局参与哪些")) == [
        (DUST, "(一)1"),
        (DUST, "(三)1"),
        (WASTE, "第4条"),
    ]


def test_lead_questions_stay_leads_only(answerer6):
    answer = answerer6.answer("城市管理综合行政执法局牵头哪些")
    assert answer.intent == "department"
    assert tasks_of(answer) == [
        (DUST, "(二)1"),
        (PARK, "第1条"),
        (PARK, "第2条"),
        (PARK, "第3条"),
        (WASTE, "第1条"),
        (WASTE, "第2条"),
        (WASTE, "第5条"),
    ]


def test_involved_questions_list_leads_first_then_partners_each_marked(answerer6):
    answer = answerer6.answer("住建局涉及哪些")
    assert answer.intent == "involved"
    assert [(r.task.document, r.task.label, r.role) for r in answer.results] == [
        (DUST, "(一)1", "lead"),
        (DUST, "(一)2", "lead"),
        (CURRENT, "第28条", "lead"),
        (PARK, "第4条", "lead"),
        (SEWAGE, "第2条", "lead"),
        (SEWAGE, "第3条", "lead"),
        (DUST, "(三)1", "partner"),
        (DUST, "(三)2", "partner"),
        (WASTE, "第1条", "partner"),
    ]
    assert answer.note == "市住建局牵头6条、配合3条。"


def test_deadline_questions_are_answered_from_the_parsed_deadlines(answerer6):
    answer = answerer6.answer("2026年6月底前要完成哪些")
    assert answer.intent == "deadline"
    assert tasks_of(answer) == [
        (DUST, "(一)1"),
        (PARK, "第2条"),
        (DUST, "(一)2"),
        (SEWAGE, "第1条"),
        (WASTE, "第1条"),
    ]
    assert tasks_of(answerer6.answer("今年年底前要完成哪些")) == [
        (DUST, "(一)1"),
        (PARK, "第2条"),
        (DUST, "(一)2"),
        (SEWAGE, "第1条"),
        (WASTE, "第1条"),
        (WASTE, "第4条"),
        (PESTICIDE, "第1条"),
        (DUST, "(三)1"),
        (PESTICIDE, "第4条"),
    ]
    standing = answerer6.answer("哪些是长期坚持的")
    assert sorted(tasks_of(standing)) == sorted(
        [(DUST, "(二)1"), (PARK, "第4条"), (SEWAGE, "第5条"), (WASTE, "第3条"), (WASTE, "第5条")]
    )


def test_today_decides_what_this_year_means(db):
    next_year = Answerer(Store(db), today=lambda: datetime.date(2027, 1, 5))
    assert tasks_of(next_year.answer("今年年底前要完成哪些")) == [(SEWAGE, "第4条"), (WASTE, "第2条")]


def test_a_task_by_its_label(answerer6):
    assert tasks_of(answerer6.answer("(二)1是谁牵头")) == [(DUST, "(二)1")]
    assert tasks_of(answerer6.answer("（三）第2条")) == [(DUST, "(三)2")]
    assert tasks_of(answerer6.answer("第二部分第4条")) == [
        (PARK, "第4条"),
        (PESTICIDE, "第4条"),
        (SEWAGE, "第4条"),
    ]


def test_json_and_text_answers_carry_label_section_partners_and_deadline(corpus, db):
    env = run_env(BOT_CORPUS_DIR=str(corpus), BOT_DB=str(db))
    ask = [sys.executable, "-m", "bot", "ask"]
    done = subprocess.run([*ask, "--json", "(二)1"], capture_output=True, text=True, cwd=REPO_DIR, env=env)
    (result,) = json.loads(done.stdout)["results"]
    assert {k: result[k] for k in ("task", "label", "section", "leads", "partners", "deadline", "role")} == {
        "task": 1,
        "label": "(二)1",
        "section": ["一、源头防控", "（二）道路扬尘管控"],
        "leads": [URBAN],
        "partners": ["市交通运输局"],
        "deadline": "长期坚持",
        "role": None,
    }
    text = subprocess.run([*ask, "(二)1"], capture_output=True, text=True, cwd=REPO_DIR, env=env).stdout
    assert "(二)1  主次干道" in text
    assert (
        "  部分:一、源头防控 › （二）道路扬尘管控\n  牵头:市城市管理综合行政执法局\n  配合:市交通运输局\n  时限:长期坚持"
        in text
    )


def test_telegram_answers_show_the_same_lines(answerer6):
    from bot.render import render

    html = render(answerer6.answer("(二)1")).html
    assert "<b>(二)1</b>" in html
    assert (
        "<i>一、源头防控 › （二）道路扬尘管控</i>\n牵头:<b>市城市管理综合行政执法局</b>\n配合:市交通运输局\n时限:长期坚持"
        in html
    )


def test_the_current_plan_reads_as_before(answerer6):
    result = answerer6.answer("第27条").to_dict()["results"][0]
    assert (result["label"], result["section"], result["partners"], result["deadline"]) == (
        "第27条",
        [],
        [],
        None,
    )


# --- inspect ---------------------------------------------------------------------------------------


def test_inspect_shows_what_the_parser_made_and_the_unknown_departments(corpus):
    env = run_env(BOT_CORPUS_DIR=str(CORPUS_DIR))
    files = [str(corpus / "waste-sorting.docx"), str(corpus / "park-maintenance.html")]
    done = subprocess.run(
        [sys.executable, "-m", "bot", "inspect", "--json", *files],
        capture_output=True,
        text=True,
        cwd=REPO_DIR,
        env=env,
    )
    assert done.returncode == 0
    waste, park = (json.loads(line) for line in done.stdout.splitlines())
    assert waste["doc_number"] == "定城管〔2026〕5号" and waste["sections"] == [
        "一、分类投放收集",
        "二、监督考核",
    ]
    assert waste["tasks"][1] == {
        "label": "第2条",
        "task": 2,
        "line": 9,
        "section": ["一、分类投放收集"],
        "text": "建设厨余垃圾集中处理设施,提高厨余垃圾资源化利用率。",
        "leads": [URBAN, "市发展改革局"],
        "partners": ["市自然资源规划局"],
        "deadline": "2027年12月底前",
    }
    assert waste["unattributed"] == [{"line": 5, "text": "为推进生活垃圾分类工作,制定本任务分工。"}]
    # 城管局 and 教育局 lead nothing in the first plan, but corpus/other_departments.toml knows them.
    assert waste["unknown_departments"] == ["各乡镇人民政府"]
    assert park["unknown_departments"] == []  # known in simplified script, though written in traditional
    text = subprocess.run(
        [sys.executable, "-m", "bot", "inspect", files[0]],
        capture_output=True,
        text=True,
        cwd=REPO_DIR,
        env=env,
    ).stdout
    assert "文号: 定城管〔2026〕5号" in text and "第5行: 为推进生活垃圾分类工作" in text
    assert "departments.toml / other_departments.toml 里没有的单位 (1): 各乡镇人民政府" in text


def test_inspect_refuses_an_unreadable_file_with_its_reason_and_goes_on(corpus, tmp_path):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK-not-really")
    done = subprocess.run(
        [sys.executable, "-m", "bot", "inspect", str(broken), str(corpus / "rural-sewage.txt")],
        capture_output=True,
        text=True,
        cwd=REPO_DIR,
        env=run_env(BOT_CORPUS_DIR=str(CORPUS_DIR)),
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"不能读取: {broken}: not a readable .docx file" in done.stdout
    assert f"标题: {SEWAGE}" in done.stdout


def test_inline_results_stay_distinct_where_numbering_restarts(answerer6):
    from bot.render import inline_items

    items = inline_items(answerer6.answer("扬尘治理"))
    assert len(items) > 1 and len({item.id for item in items}) == len(items)
    assert any(item.title.startswith("(三)") for item in items)


def test_a_table_with_only_a_responsible_units_column(tmp_path):
    """责任单位 lists the lead first unless one is marked (牵头); the others are partners."""
    import docx

    document = docx.Document()
    document.add_paragraph("某工作方案")
    table = document.add_table(rows=3, cols=4)
    rows = (
        ("序号", "工作内容", "责任单位", "完成时间"),
        ("1", "甲项工作。", "市乙局、市甲局(牵头)", "2026年6月"),
        ("2", "乙项工作。", "市丙局、市丁局", "长期坚持"),
    )
    for row, texts in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    document.save(str(tmp_path / "plan.docx"))
    tasks = load_document(tmp_path / "plan.docx").tasks
    assert [(t.label, t.text, t.lead_departments, t.partner_departments, t.deadline) for t in tasks] == [
        ("第1条", "甲项工作。", ("市甲局",), ("市乙局",), "2026年6月"),
        ("第2条", "乙项工作。", ("市丙局",), ("市丁局",), "长期坚持"),
    ]


def test_every_surface_shows_the_structure_of_a_task(answerer6):
    from urllib.parse import quote

    from fastapi.testclient import TestClient

    from bot.dingtalk import render_markdown
    from bot.plaintext import render_text
    from bot.service import Service
    from bot.web import WebSettings, create_app

    answer = answerer6.answer("公安局配合哪些")
    dust = next(r.task for r in answer.results if r.task.document == DUST)
    assert (dust.label, dust.section) == ("(二)2", ("一、源头防控", "（二）道路扬尘管控"))
    for shown in (render_text(answer), render_markdown(answer, None)):
        assert "(二)2" in shown and "配合" in shown and "市公安局" in shown and "道路扬尘管控" in shown
    client = TestClient(create_app(WebSettings(), Service(answerer6)))
    page = client.get("/", params={"q": "公安局配合哪些"}).text
    assert "(二)2" in page and "配合:" in page and "道路扬尘管控" in page
    document = next(d.id for d in answerer6.store.documents if d.title == DUST)
    task = client.get(f"/api/tasks/{document}/{quote('(三)1')}").json()
    assert task["label"] == "(三)1" and task["deadline"] == "2026年12月底前"
    assert task["partners"] == ["市住建局", "市城市管理综合行政执法局"]  # as the plan writes them
    assert task["section"] == ["二、监督执法", "（三）联合执法"]
    assert client.get(f"/api/tasks/{document}/{quote('(九)9')}").status_code == 404


def test_a_deadline_asked_of_a_task_that_states_one_is_answered_by_it(answerer6):
    """完成时限 asks a date: the deadline written beside the task states it."""
    for question in ("工地出入口装视频监控的完成时限", "工地视频监控什么时候完成"):
        answer = answerer6.answer(question)
        assert answer.answered and tasks_of(answer)[0] == (DUST, "(一)2")
    # (二)2 has no deadline written beside it, and its text states none.
    unstated = answerer6.answer("渣土车装卫星定位什么时候完成")
    assert not unstated.answered and unstated.suggestions[0].task.label == "(二)2"
