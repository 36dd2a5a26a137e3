"""Template helpers shared by all apps."""

from __future__ import annotations

from types import MethodType
from typing import Any

from django import forms, template
from django.forms import BoundField
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

_SELECTS = {"select", "selectmultiple", "nullbooleanselect"}


@register.filter
def bs_widget(field: BoundField) -> SafeString:
    """Render a form field's widget with Bootstrap classes and ARIA error links."""
    widget_type = field.widget_type
    if widget_type in _SELECTS:
        css = "form-select"
    elif widget_type in {"checkbox", "radioselect", "checkboxselectmultiple"}:
        css = "form-check-input" if widget_type == "checkbox" else ""
    elif widget_type == "clearablefile" or widget_type == "file":
        css = "form-control"
    else:
        css = "form-control"
    attrs: dict[str, Any] = {}
    existing = field.field.widget.attrs.get("class", "")
    classes = " ".join(c for c in (existing, css, "is-invalid" if field.errors else "") if c)
    if classes:
        attrs["class"] = classes
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_help")
    if field.errors:
        attrs["aria-invalid"] = "true"
        described.append(f"{field.auto_id}_error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    widget = field.field.widget
    if (
        widget.template_name == "django/forms/widgets/select.html"
        and getattr(widget, "option_template_name", "") == "django/forms/widgets/select_option.html"
    ):
        # Same HTML as Django's templates, built in Python: a select of the unit tree has
        # dozens of options and one template render per option was most of a list page's
        # time (bench/list_pages.py). The widget is this form's own copy.
        widget.render = MethodType(_render_select, widget)  # type: ignore[method-assign]
    return field.as_widget(attrs=attrs)


def _render_select(
    self: forms.Select,
    name: str,
    value: Any,
    attrs: dict[str, Any] | None = None,
    renderer: Any = None,
) -> SafeString:
    ctx = self.get_context(name, value, attrs)["widget"]
    parts = [format_html('<select name="{}"{}>', ctx["name"], flatatt(ctx["attrs"]))]
    for group_name, options, _index in ctx["optgroups"]:
        if group_name:
            parts.append(format_html('<optgroup label="{}">', group_name))
        parts.extend(
            format_html(
                '<option value="{}"{}>{}</option>',
                option["value"],
                flatatt(option["attrs"]),
                option["label"],
            )
            for option in options
        )
        if group_name:
            parts.append(SafeString("</optgroup>"))
    parts.append(SafeString("</select>"))
    return SafeString("".join(parts))


@register.simple_tag(takes_context=True)
def query_replace(context: Any, **kwargs: Any) -> str:
    """The current query string with some parameters replaced (for pagination, filters)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.simple_tag(takes_context=True)
def panels(context: template.Context, slot: str, obj: Any = None) -> SafeString:
    """Render the panels other apps registered for ``slot`` (see dot/core/panels.py)."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    from dot.core.panels import render_slot

    request = context.get("request")
    if request is None:
        return mark_safe("")  # noqa: S308 - empty string
    # Rendered without the context processors (they ran once for the page already);
    # the request, the user and the CSRF token are passed on for forms in panels.
    base = {"request": request, "user": request.user, "csrf_token": context.get("csrf_token")}
    parts = [render_to_string(tpl, {**base, **ctx}) for tpl, ctx in render_slot(slot, request, obj)]
    return mark_safe("".join(parts))  # noqa: S308 - each part is an escaped template render
