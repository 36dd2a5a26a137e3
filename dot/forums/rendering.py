"""Post text: Markdown rendered to sanitised HTML with nh3 (the policy of dot/content and
dot/public: no scripts, styles, frames, event attributes or ``javascript:`` links)."""

from __future__ import annotations

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s",
    "blockquote", "ul", "ol", "li", "a", "code", "pre", "table", "thead", "tbody",
    "tr", "th", "td", "abbr", "sup", "sub",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


def render_post(text: str) -> str:
    """Sanitised HTML of a post's Markdown."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists", "nl2br"])
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def quote_markdown(author: str, text: str) -> str:
    """A post quoted into a reply: a Markdown block quote headed by its author."""
    lines = [f"**{author}:**", "", *(text or "").strip().splitlines()]
    return "\n".join(f"> {line}".rstrip() for line in lines) + "\n\n"
