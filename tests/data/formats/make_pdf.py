"""Writes pesticide-packaging.pdf, the PDF sample plan (text layer, a line that wraps, a page number).

Run from the repository root: `python tests/data/formats/make_pdf.py`. Needs reportlab (a dev
dependency); its built-in CID font STSong-Light needs no font file. The PDF is committed, so the
tests never need reportlab.
"""

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

LINES = [
    "定州市农药包装废弃物回收处理实施方案",
    "定农〔2026〕8号",
    "定州市农业农村局",
    "一、建立回收体系",
    "1、依托农资经营门店设立农药包装废弃物回收点,每个乡镇至少建成一个集中贮存站,2026年",
    "10月底前完成。〔市农业农村局牵头,市供销社配合〕",
    "2、农药经营者应当在经营场所设置回收装置,建立回收台账,如实记录回收数量。",
    "〔市农业农村局牵头,市市场监督管理局参与〕",
    "二、规范处置",
    "3、集中贮存站定期将回收的农药包装废弃物交由有资质的单位无害化处置,严禁随意丢弃和焚烧。",
    "〔市生态环境局牵头,市农业农村局配合〕",
    "4、对回收和处置工作给予补助,所需资金纳入年度预算。〔市财政局牵头,2026年底前〕",
    "定州市农业农村局",
    "2026年3月20日",
]


def main() -> None:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = Path(__file__).with_name("pesticide-packaging.pdf")
    pdf = canvas.Canvas(str(path), pagesize=(595, 842), invariant=1)
    pdf.setFont("STSong-Light", 11)
    y = 800
    for line in LINES:
        pdf.drawString(40, y, line)
        y -= 22
    pdf.drawCentredString(297, 40, "- 1 -")
    pdf.save()


if __name__ == "__main__":
    main()
