"""The approval-route engine: one implementation for every workflow of the portal.

РУП approval, ЭУМК review, the DOT order, DOT applications, ИУП agreement and approval
all move an object along a *route*: an ordered list of steps, each naming a role
*relative to the object* (the head of the department that owns the discipline, the dean
of the student's faculty, the academic office). The object carries a status
(``ApprovableMixin``: draft → under review → approved / returned / rejected, plus the
code of the current step). Every submission and decision is a recorded row
(``ApprovalDecision``: actor, time, step, decision, comment, status before/after) and an
audit row; each transition locks the object's row and checks the status it starts from.

Usage, in a consumer app::

    # models.py
    class Curriculum(ApprovableMixin, models.Model):
        department = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT)
        author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    # approval.py (import it from the app's apps.py ready() or its views, so it registers)
    from dot.core.approval import Route, Step
    CURRICULUM_ROUTE = Route(
        name="curriculum", model="academics.Curriculum", label=_("РУП approval"),
        steps=[
            Step("department", _("Department"), role=Role.HEAD_OF_DEPARTMENT, unit="department"),
            Step("dean", _("Dean"), role=Role.DEAN, unit="department__parent"),
            Step("academic_office", _("Academic office"), role=Role.ACADEMIC_OFFICE),  # any unit
        ],
        may_submit=lambda user, rup: has_role(user, Role.TEACHER, rup.department),
        on_approved=lambda rup, decision: curriculum_publish(curriculum=rup),
    )

    # services / views
    approval_submit(obj=rup, route=CURRICULUM_ROUTE, actor=request.user, comment="")
    approval_decide(obj=rup, route=CURRICULUM_ROUTE, actor=user, decision="approve")
    pending_for(user, CURRICULUM_ROUTE)         # queryset: what awaits this user
    can_submit(user, rup), can_decide(user, rup)  # guards for the UI

    # the object's page
    {% load approvals %}{% approval_timeline rup %}

A step's ``unit`` is ``None`` (the role in any unit), an ORM path to the object's
``OrgUnit`` (preferred: the queue is then one SQL filter) or a callable ``obj -> OrgUnit``
(give ``related=("department__parent",)`` so the queue does not query per object).
Decisions are ``"approve"``, ``"return"`` and ``"reject"``; returning and rejecting need
a comment. A returned object goes back to its author and may be resubmitted (the route
starts again at the first step); a rejected one is final. Wrong status, a step decided
meanwhile by someone else, or a missing comment raise ``ApprovalError`` (a
``ValidationError`` with a translated message); a user without the step's role gets
``ApprovalPermissionError``. Generic pages: ``core:approval_decide`` (GET: route and form;
POST: decide) and ``core:approval_submit`` (POST), both taking ``next``;
``core:approval_queue`` lists what awaits the user on every declared route (declare
routes in a module imported at start-up, e.g. from ``AppConfig.ready()``, so that the
generic pages find them).

A model with its own field names passes ``Route(status_field=..., step_field=...)``;
``approval_decide(..., step=code)`` refuses when that step was already decided (the
decision form sends the step the user saw).

Notifications: after commit, the callable named by ``settings.DOT_APPROVAL_NOTIFIER``
receives an ``ApprovalEvent`` (kind, route, object, decision, recipients, url); without
the setting nothing is sent.
"""

from dot.core.models import (
    ApprovableMixin,
    ApprovalDecision,
    ApprovalReview,
    ApprovalStatus,
    DecisionAction,
)
from dot.core.permissions import can_decide, can_submit, can_view_route

from .approvals.notify import ApprovalEvent, approvers
from .approvals.routes import Route, Step, get_route, resolve_route
from .approvals.selectors import StepState, Timeline, decisions_for, pending_for, timeline
from .approvals.services import (
    ApprovalError,
    ApprovalPermissionError,
    approval_decide,
    approval_submit,
)

__all__ = [
    "ApprovableMixin",
    "ApprovalDecision",
    "ApprovalError",
    "ApprovalEvent",
    "ApprovalPermissionError",
    "ApprovalReview",
    "ApprovalStatus",
    "DecisionAction",
    "Route",
    "Step",
    "StepState",
    "Timeline",
    "approval_decide",
    "approval_submit",
    "approvers",
    "can_decide",
    "can_submit",
    "can_view_route",
    "decisions_for",
    "get_route",
    "pending_for",
    "resolve_route",
    "timeline",
]
