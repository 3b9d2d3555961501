"""HTML mail made readable and safe: plain text for the conversation, and sanitised HTML (nh3)
for whoever wants to see the original's formatting. Neither ever carries script, styles that
load anything, forms or remote images."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

_BLOCKS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "table",
        "tr",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "hr",
        "address",
        "center",
        "form",
        "dl",
        "dt",
        "dd",
    }
)
_SKIPPED = frozenset({"script", "style", "head", "title", "template", "noscript", "svg", "math"})
_SAFE_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "code",
        "dd",
        "div",
        "dl",
        "dt",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    }
)
_SAFE_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}


def sanitize_html(html: str) -> str:
    """Only text formatting survives: no script, style, images, forms, frames or event handlers;
    links are http(s)/mailto only and open with rel="noopener noreferrer nofollow"."""
    return nh3.clean(
        html,
        tags=set(_SAFE_TAGS),
        attributes={tag: set(names) for tag, names in _SAFE_ATTRIBUTES.items()},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


class _TextMaker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip_depth = 0
        self.quote_depth = 0
        self.href: str | None = None
        self.link_text: list[str] = []
        self.in_pre = 0

    def _newline(self, count: int = 1) -> None:
        self.out.append("\n" * count)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skip_depth += 1
        elif tag == "br":
            self._newline()
        elif tag == "li":
            self._newline()
            self.out.append("- ")
        elif tag == "blockquote":
            self.quote_depth += 1
            self._newline()
        elif tag in ("td", "th"):
            self.out.append(" ")
        elif tag == "a":
            self.href = dict(attrs).get("href")
            self.link_text = []
        elif tag == "pre":
            self.in_pre += 1
            self._newline()
        elif tag in _BLOCKS:
            self._newline()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag == "blockquote":
            self.quote_depth = max(0, self.quote_depth - 1)
            self._newline()
        elif tag == "a":
            text = "".join(self.link_text).strip()
            href = self.href or ""
            if href.startswith(("http://", "https://")) and href not in text:
                self.out.append(f" ({href})")
            self.href = None
        elif tag == "pre":
            self.in_pre = max(0, self.in_pre - 1)
            self._newline()
        elif tag in _BLOCKS:
            self._newline()

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        text = data if self.in_pre else re.sub(r"\s+", " ", data)
        if self.href is not None:
            self.link_text.append(text)
        if self.quote_depth:
            text = text.replace("\n", "\n" + "> " * self.quote_depth)
            if not self.out or self.out[-1].endswith("\n"):
                text = "> " * self.quote_depth + text.lstrip()
        self.out.append(text)


def html_to_text(html: str) -> str:
    """Readable plain text from an HTML body: paragraphs and line breaks kept, lists as dashes,
    quoted parts (blockquote) as `>` lines so the quoted history can be told apart, link
    targets in brackets, and nothing of scripts or styles."""
    maker = _TextMaker()
    maker.feed(html)
    maker.close()
    lines = [line.rstrip() for line in "".join(maker.out).replace("\xa0", " ").splitlines()]
    text = "\n".join(line if line.strip(" >") else line.strip() for line in lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
