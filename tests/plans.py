"""The sample plans in Word format, written with python-docx (the .txt, .pdf and .html ones are files in
tests/data/formats/). Each is a plan of its own, with what it should parse to in tests/test_formats.py."""

from __future__ import annotations

from pathlib import Path

FORMATS_DIR = Path(__file__).resolve().parent / "data" / "formats"

# Waste sorting: a task table, a section heading as a merged row, the 文号 before the title.
WASTE_TABLE_HEADER = ("序号", "重点任务", "牵头单位", "配合单位", "完成时限")
WASTE_PARAGRAPHS_BEFORE = (
    "定城管〔2026〕5号",
    "定州市城乡生活垃圾分类工作任务分工表",
    "定州市城市管理综合行政执法局",
    "2026年3月2日",
    "为推进生活垃圾分类工作,制定本任务分工。",
)
WASTE_ROWS = (
    "一、分类投放收集",
    ("1", "在城区公共机构和居民小区全面设置分类投放点,实行定时定点投放。", "市城市管理综合行政执法局",
     "市住建局、市财政局", "2026年6月底前"),
    ("2", "建设厨余垃圾集中处理设施,提高厨余垃圾资源化利用率。", "市城市管理综合行政执法局、市发展改革局",
     "市自然资源规划局", "2027年12月底前"),
    ("3", "在农村推行垃圾户分类、村收集、镇转运、市处理模式,开展分类示范村创建。", "市农业农村局",
     "各乡镇人民政府", "长期坚持"),
    ("4", "将垃圾分类知识纳入中小学教育和社区宣传,组织志愿者入户指导。", "市教育局",
     "市城市管理综合行政执法局", "2026年9月底前"),
    "二、监督考核",
    ("5", "对分类投放、收集、运输、处理各环节开展执法检查,查处混装混运行为。", "市城市管理综合行政执法局",
     "市生态环境局", "长期坚持"),
)  # fmt: skip

# Construction dust: 牵头单位/配合单位/完成时限 lines, numbering restarting in each (一)/(二)/(三).
DUST_PARAGRAPHS = (
    "定州市建筑施工扬尘专项整治工作方案",
    "发布日期:2026年4月8日",
    "一、源头防控",
    "（一）施工工地管控",
    "1.城区建筑工地全面落实围挡、覆盖、路面硬化、出入车辆冲洗、渣土车辆密闭运输、土方开挖湿法作业六个百分之百要求。",
    "牵头单位:市住建局",
    "配合单位:市城市管理综合行政执法局、市生态环境局",
    "完成时限:2026年5月底前",
    "2.工地出入口安装扬尘在线监测和视频监控设备,与主管部门联网。",
    "牵头单位:市住建局  配合单位:市科学技术和工业信息化局  完成时限:2026年6月底前",
    "（二）道路扬尘管控",
    "1.主次干道实行机械化清扫和洒水抑尘,提高道路机扫率。",
    "责任单位:市城市管理综合行政执法局(牵头)、市交通运输局",
    "完成时限:长期坚持",
    "2.渣土运输车辆全部安装卫星定位装置,按规定时间和路线行驶。",
    "牵头单位:市交通运输局",
    "配合单位:市公安局",
    "二、监督执法",
    "（三）联合执法",
    "1.每月开展一次扬尘治理联合执法检查,对问题突出的工地停工整改。",
    "牵头单位:市生态环境局",
    "参与单位:市住建局、市城市管理综合行政执法局",
    "完成时限:2026年12月底前",
    "2.将扬尘治理情况纳入企业信用记录。牵头单位:市发展改革局;配合单位:市住建局。",
)


def write_waste_table_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    for text in WASTE_PARAGRAPHS_BEFORE:
        document.add_paragraph(text)
    table = document.add_table(rows=1, cols=len(WASTE_TABLE_HEADER))
    for cell, text in zip(table.rows[0].cells, WASTE_TABLE_HEADER, strict=True):
        cell.text = text
    for row in WASTE_ROWS:
        cells = table.add_row().cells
        if isinstance(row, str):  # a heading row: one cell across the table
            merged = cells[0].merge(cells[-1])
            merged.text = row
        else:
            for cell, text in zip(cells, row, strict=True):
                cell.text = text
    document.add_paragraph("定州市城市管理综合行政执法局")
    document.save(str(path))
    return path


def write_dust_lines_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    for text in DUST_PARAGRAPHS:
        document.add_paragraph(text)
    document.save(str(path))
    return path


# What a maintainer adds to the data files with these plans: the words staff use for their topics.
SAMPLE_DATA = {
    "synonyms.txt": "农药瓶子, 农药瓶, 农药袋子 => 农药包装废弃物\n乱扔, 随便扔, 扔 => 随意丢弃, 丢弃\n烧掉, 烧 => 焚烧\n",
    "domain_words.txt": "回收点\n混运\n",
}


def sample_corpus(target: Path, corpus_dir: Path) -> Path:
    """The project's corpus with the five sample plans beside the current plan."""
    target.mkdir(parents=True, exist_ok=True)
    for path in corpus_dir.iterdir():
        if path.is_file():
            (target / path.name).write_bytes(path.read_bytes())
    for name, lines in SAMPLE_DATA.items():
        with (target / name).open("a", encoding="utf-8") as data:
            data.write("\n" + lines)
    for name in ("rural-sewage.txt", "pesticide-packaging.pdf", "park-maintenance.html"):
        (target / name).write_bytes((FORMATS_DIR / name).read_bytes())
    write_waste_table_docx(target / "waste-sorting.docx")
    write_dust_lines_docx(target / "construction-dust.docx")
    return target
