"""A page saved from a government portal (.html/.htm): the article body only (BeautifulSoup).

Portals wrap the article in navigation, breadcrumbs, font-size and share tools and a "打印本页 关闭窗口"
footer. The body is the element holding most paragraph text; the title and the line with the
publication date sit just outside it, so they are taken from the page and put first.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..corpus import CorpusError
from ..text import to_simplified
from . import Line

BLOCKS = {"p", "div", "table", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article"}
DROPPED = ["script", "style", "noscript", "nav", "header", "footer", "form", "iframe", "aside", "select"]
NOISE = re.compile(
    r"nav|menu|breadcrumb|crumb|position|location|footer|share|print|toolbar|sidebar|copyright"
)
# Lines that are page furniture, in simplified script: tools, the footer, the breadcrumb.
FURNITURE = re.compile(
    r"^[\s【\[]*(?:打印本页|关闭窗口|字体|字号|分享到|收藏|当前位置|您的位置|首页\s*[>＞»]|\[?\s*大\s*中\s*小)"
)
PUBLISHED_WORDS = ("发布时间", "发布日期", "发文日期", "成文日期")


def read(path: Path) -> list[Line]:
    from bs4 import BeautifulSoup

    raw = path.read_bytes()
    try:
        soup = BeautifulSoup(raw, "html.parser")
    except Exception as exc:  # the parser's errors have no common base class
        raise CorpusError(path, None, f"not a readable HTML page ({exc})", unreadable=True) from exc
    for tag in soup(DROPPED):
        tag.decompose()
    for tag in soup.find_all(_is_noise):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    body = _article(soup)
    if body is None:
        raise CorpusError(path, None, "no article text found in the page", unreadable=True)
    texts: list[tuple[str, tuple[str, ...] | None]] = []
    heading = soup.find(["h1", "h2"])
    if heading is not None and body not in heading.parents:
        texts.append((heading.get_text(" ", strip=True), None))
    elif heading is None and soup.title and soup.title.string:
        texts.append((re.split(r"[_|-]", soup.title.string)[0], None))
    published = next(
        (
            s.strip()
            for s in soup.find_all(string=True)
            if any(w in to_simplified(s) for w in PUBLISHED_WORDS) and body not in s.parents
        ),
        None,
    )
    if published:
        texts.append((published, None))
    texts.extend(_blocks(body))
    lines = []
    for text, cells in texts:
        for part in [text] if cells else text.splitlines():
            if part.strip() and not FURNITURE.match(to_simplified(part)):
                lines.append(Line(part.strip(), len(lines) + 1, cells))
    return lines


def _is_noise(tag) -> bool:
    if tag.attrs is None or tag.name in ("html", "body"):
        return False
    names = " ".join([tag.get("id") or "", *(tag.get("class") or [])]).lower()
    return bool(names and NOISE.search(names))


def _article(soup):
    """The element whose own paragraphs hold the most text."""
    credit: dict[int, tuple[int, object]] = {}
    for block in soup.find_all(["p", "table"]):
        parent = block.parent
        length = len(block.get_text(strip=True))
        held = credit.get(id(parent), (0, parent))[0]
        credit[id(parent)] = (held + length, parent)
    if not credit:
        return soup.body
    return max(credit.values(), key=lambda pair: pair[0])[1]


def _blocks(element):
    """Text blocks and table rows, in document order, each block once."""
    from bs4 import NavigableString, Tag

    for child in element.children:
        if isinstance(child, NavigableString):
            if child.strip():
                yield str(child), None
        elif isinstance(child, Tag):
            if child.name == "table":
                for row in child.find_all("tr"):
                    cells = tuple(c.get_text(" ", strip=True) for c in row.find_all(["td", "th"]))
                    yield " ".join(c for c in cells if c), cells
            elif child.find(BLOCKS):
                yield from _blocks(child)
            else:
                yield child.get_text(""), None
