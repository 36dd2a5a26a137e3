"""Rich text of questions: sanitised with nh3 (images allowed; scripts, styles, frames and
event handlers removed). LaTeX stays as text (``\\( .. \\)``, ``\\[ .. \\]``, ``$$ .. $$``)
and is rendered in the browser by the vendored KaTeX (``questions/_math_head.html``)."""

from __future__ import annotations

import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "span", "div",
    "blockquote", "ul", "ol", "li", "a", "code", "pre", "table", "thead", "tbody", "tfoot",
    "caption", "tr", "th", "td", "sup", "sub", "img", "figure", "figcaption", "dl", "dt", "dd",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "span": {"lang"},
    "ol": {"start"},
}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html: str) -> str:
    """Safe HTML of a teacher's (or an imported) rich text."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer",
    ).strip()
