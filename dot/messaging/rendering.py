"""Message and announcement text: Markdown rendered to HTML and sanitised with nh3.

Whatever a user types (script tags, ``javascript:`` links, event-handler attributes),
only the tags and attributes of ``dot.public.rendering`` reach the page.
"""

from __future__ import annotations

from django.utils.safestring import SafeString

from dot.public.rendering import render_markdown


def render_text(text: str) -> SafeString:
    return render_markdown(text)
