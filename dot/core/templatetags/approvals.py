"""``{% approval_timeline obj route %}``: the route of an object, on any object page.

Shows the steps of the current pass (decided ones with who, when, the decision and the
comment; the current one highlighted; those ahead greyed), the full history, and to a
user who may act the decision form (or the submit button).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from dot.core.approvals.forms import DecisionForm, SubmitForm
from dot.core.approvals.routes import Route, resolve_route
from dot.core.approvals.selectors import timeline
from dot.core.permissions import can_decide, can_submit

register = template.Library()


@register.inclusion_tag("components/approval_timeline.html", takes_context=True)
def approval_timeline(
    context: template.Context,
    obj: Any,
    route: Route | str | None = None,
    form: DecisionForm | None = None,
    next_url: str = "",
) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    r = resolve_route(obj, route)
    may_decide = can_decide(user, obj, r)
    if may_decide and form is None:
        form = DecisionForm(initial={"step": r.step_of(obj)})
    may_submit = can_submit(user, obj, r)
    data = timeline(obj, r)
    return {
        "obj": obj,
        "route": r,
        "timeline": data,
        "may_decide": may_decide,
        "form": form if may_decide else None,
        "may_submit": may_submit,
        "submit_form": SubmitForm() if may_submit else None,
        "decide_url": reverse("core:approval_decide", args=[r.name, obj.pk]),
        "submit_url": reverse("core:approval_submit", args=[r.name, obj.pk]),
        "next_url": next_url or (request.get_full_path() if request else ""),
        "csrf_token": context.get("csrf_token"),
        "dom_id": f"approval-{r.name}-{obj.pk}",
    }
