"""The one place where text from users or from the graph is made safe to render in the app.

Streamlit renders Markdown in st.markdown, st.title, st.caption, st.error/warning/info, button,
expander and tab labels: a label or URL parameter such as ``![x](http://host/p)`` would make the
visitor's browser load a remote image, ``[Session expired](http://host/phish)`` would become a live
link. `md` escapes every character Markdown (and Streamlit's ``:colour[…]`` directives) give meaning
to; `html_text` escapes text for st.html and inline SVG/HTML. No streamlit here, so it is tested alone.
"""

from __future__ import annotations

import html
import re
from typing import Any

__all__ = ["WORD_JOINER", "html_text", "md", "md_link", "safe_url"]

# Markdown, GFM (tables, strikethrough, autolinks) and Streamlit directive characters; '.' and ':' too, so that
# 'www.host.com' and 'http://host' are never turned into links by GFM's autolink literals.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~:$<&])")


# GFM turns bare 'http://…', 'www.…' and 'name@host.tld' into links after escapes are resolved, so an invisible
# word joiner (U+2060) is put inside each trigger: the text reads the same and never becomes a link.
WORD_JOINER = "\u2060"
_AUTOLINK_TRIGGER = re.compile(r"(?i)([a-z][a-z0-9+.-]*)(?=:/)|(?<![a-z0-9])(www)(?=\.)|(@)")


def md(text: Any) -> str:
    """`text` with every Markdown-significant character backslash-escaped, so it is shown literally.

    Newlines become spaces (a label is one line; a newline could start a heading or a list); URLs, 'www.' and
    e-mail addresses get an invisible word joiner so that GFM's autolinking leaves them as text.
    """
    one_line = re.sub(r"[\r\n\t\f\v]+", " ", str(text))
    unlinked = _AUTOLINK_TRIGGER.sub(lambda m: m.group(0) + WORD_JOINER, one_line)
    return _MD_SPECIAL.sub(r"\\\1", unlinked)


def html_text(text: Any) -> str:
    """`text` escaped for HTML element content and quoted attributes."""
    return html.escape(str(text), quote=True)


def safe_url(url: Any) -> str | None:
    """`url` percent-encoded for a Markdown link target, or None when it is not http(s) or a path in this app."""
    from urllib.parse import quote, urlsplit

    text = str(url).strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if not (parts.scheme in ("http", "https") and parts.netloc) and not (
        not parts.scheme and not parts.netloc and text.startswith("/") and not text.startswith("//")
    ):
        return None
    return quote(text, safe="/:?&=#%+,;@~!$*'-._")


def md_link(text: Any, url: Any) -> str:
    """A Markdown link showing `text` literally; just the escaped text when `url` is not a safe target."""
    target = safe_url(url)
    if target is None:
        return md(text)
    target = target.replace("(", "%28").replace(")", "%29")
    return f"[{md(text)}]({target})"
