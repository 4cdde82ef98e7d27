"""Editor-supplied HTML made safe to publish: an allow-list sanitiser.

Python-Markdown passes raw HTML through, and ``attr_list`` lets
``{: onerror=… }`` add any attribute, so an article body, a bio or an org
description can carry ``<script>``, ``<iframe>``, ``on*=`` handlers or
``javascript:`` links.  We sanitise rather than refuse raw HTML: editors
paste tables, figures and captions from Word and WeChat, and those are
welcome; only what can run code or load another site's frames goes.

``sanitise(html)`` is the one function; ``SanitiseExtension`` runs it as the
last step of every Markdown render, so pages, feeds and the search index
all see the same cleaned HTML.
"""

from __future__ import annotations

import nh3
from markdown import Extension
from markdown.postprocessors import Postprocessor

# Fit for magazine articles: text, lists, quotes, figures, tables, images, links.
TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "del", "ins",
    "sub", "sup", "small", "mark", "blockquote", "q", "cite", "abbr", "code", "pre", "kbd", "samp", "var",
    "ul", "ol", "li", "dl", "dt", "dd", "a", "img", "figure", "figcaption", "table", "caption", "thead",
    "tbody", "tfoot", "tr", "th", "td", "colgroup", "col", "div", "span", "details", "summary", "time",
    "ruby", "rt", "rp", "wbr", "section", "aside",
}
# Script and style are dropped with their content (the text of a script is not prose).
DROP_WITH_CONTENT = {"script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math"}
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "th": {"colspan", "rowspan", "style", "scope"},
    "td": {"colspan", "rowspan", "style"},
    "ol": {"start", "reversed", "type"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "abbr": {"title"},
}
URL_SCHEMES = {"http", "https", "mailto"}  # relative and site-relative URLs pass as written

_cleaner = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags=DROP_WITH_CONTENT,
    attributes=ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    filter_style_properties={"text-align"},  # the tables extension aligns columns with style=
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def sanitise(html: str) -> str:
    """``html`` with only the allowed tags, attributes and URL schemes left."""
    return _cleaner.clean(html) if html else html


class _Sanitise(Postprocessor):
    def run(self, text: str) -> str:
        return sanitise(text)


class SanitiseExtension(Extension):
    """Sanitise the final HTML of every Markdown render (after raw HTML is put back)."""

    def extendMarkdown(self, md) -> None:
        # raw_html (priority 30) restores stashed HTML; amp_substitute is 20; run after both.
        md.postprocessors.register(_Sanitise(md), "kexie_sanitise", 1)
