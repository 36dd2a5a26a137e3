"""Markdown of the information pages is rendered, then sanitised with nh3."""

from dot.public.rendering import render_markdown


def test_markdown_renders_headings_lists_and_links():
    html = render_markdown("## Правила\n\n- пункт 5.4.1\n\n[портал](https://rmu.example/)")

    assert "<h2>Правила</h2>" in html
    assert "<li>пункт 5.4.1</li>" in html
    assert 'href="https://rmu.example/"' in html
    assert 'rel="noopener noreferrer"' in html


def test_script_tags_are_removed_with_their_content():
    html = render_markdown("Текст\n\n<script>alert('x')</script>\n\nконец")

    assert "<script" not in html
    assert "alert" not in html
    assert "конец" in html


def test_event_handler_attributes_are_stripped():
    html = render_markdown('<img src="x" onerror="alert(1)"> <a href="/" onclick="x()">ссылка</a>')

    assert "onerror" not in html
    assert "onclick" not in html
    assert "<img" not in html
    assert "ссылка" in html


def test_javascript_links_lose_their_address():
    html = render_markdown("[нажми](javascript:alert(1))")

    assert "javascript:" not in html
    assert "нажми" in html
