"""Writes to users and role assignments; every change leaves an audit row.

Permission checks live in ``permissions.py`` and are made by the caller (view or API);
these functions enforce the domain rules (dates, which unit a role may be held in).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from dot.core.audit import audit_record, snapshot_changes
from dot.org.models import OfficeType, OrgUnit, UnitKind

from .models import Role, RoleAssignment, User
from .roles import forget_roles

if TYPE_CHECKING:
    from .imports import ImportRow

# Where each role may be held: unit kinds, or "office:<office_type>" for a given office.
ROLE_UNITS: dict[str, tuple[str, ...]] = {
    Role.RECTOR: (UnitKind.UNIVERSITY, f"office:{OfficeType.RECTORATE}"),
    Role.VICE_RECTOR: (UnitKind.UNIVERSITY, f"office:{OfficeType.RECTORATE}"),
    Role.ACADEMIC_OFFICE: (UnitKind.UNIVERSITY, f"office:{OfficeType.ACADEMIC}"),
    Role.EDITORIAL_OFFICE: (UnitKind.UNIVERSITY, f"office:{OfficeType.EDITORIAL}"),
    Role.IT_OFFICE: (UnitKind.UNIVERSITY, UnitKind.FACULTY, f"office:{OfficeType.IT}"),
    Role.ADMISSIONS: (UnitKind.UNIVERSITY, f"office:{OfficeType.ADMISSIONS}"),
    Role.RESEARCH_OFFICE: (UnitKind.UNIVERSITY, f"office:{OfficeType.RESEARCH}"),
    Role.METHODS_COUNCIL: (UnitKind.FACULTY, f"office:{OfficeType.METHODS_COUNCIL}"),
    Role.DEAN: (UnitKind.FACULTY,),
    Role.DEANS_OFFICE: (UnitKind.FACULTY, f"office:{OfficeType.DEANS_OFFICE}"),
    Role.HEAD_OF_DEPARTMENT: (UnitKind.DEPARTMENT,),
    Role.PROGRAMME_LEADER: (UnitKind.FACULTY, UnitKind.DEPARTMENT),
    Role.TEACHER: (UnitKind.FACULTY, UnitKind.DEPARTMENT),
    Role.TUTOR: (UnitKind.FACULTY, UnitKind.DEPARTMENT, UnitKind.ACCESS_POINT),
    Role.STUDENT: (UnitKind.FACULTY, UnitKind.DEPARTMENT, UnitKind.ACCESS_POINT),
    Role.MASTER_STUDENT: (UnitKind.FACULTY, UnitKind.DEPARTMENT, UnitKind.ACCESS_POINT),
    Role.LISTENER: (UnitKind.FACULTY, UnitKind.DEPARTMENT, UnitKind.ACCESS_POINT),
}


def _unit_token(unit: OrgUnit) -> str:
    return f"office:{unit.office_type}" if unit.kind == UnitKind.OFFICE else unit.kind


def _place_label(token: str) -> str:
    if token.startswith("office:"):
        return str(OfficeType(token.split(":", 1)[1]).label)
    return str(UnitKind(token).label)


def role_unit_problem(role: str, unit: OrgUnit) -> str | None:
    """A message when ``role`` cannot be held in ``unit`` (e.g. a dean in a department)."""
    allowed = ROLE_UNITS.get(role)
    if allowed is None:
        return _("Unknown role.")
    if not unit.is_active:
        return _("The unit «%(unit)s» is deactivated.") % {"unit": unit.display_name}
    if _unit_token(unit) in allowed:
        return None
    return _("The role «%(role)s» is held in: %(places)s; «%(unit)s» is not such a unit.") % {
        "role": Role(role).label,
        "places": ", ".join(_place_label(t) for t in allowed),
        "unit": unit.display_name,
    }


def check_dates(valid_from: datetime.date | None, valid_to: datetime.date | None) -> None:
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationError(
            {"valid_to": _("The end date cannot be earlier than the start date.")}
        )


# --- Users ------------------------------------------------------------------------------

USER_FIELDS = ("last_name", "first_name", "patronymic", "username", "email", "phone", "position")


def deliver_set_password_link(user_pk: int) -> str:
    """Send the set-password e-mail now (called by the task ``tasks.send_set_password_link``)."""
    user = User.objects.filter(pk=user_pk, is_active=True).first()
    if user is None or not user.email:
        return "skipped"
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = settings.SITE_URL.rstrip("/") + reverse(
        "accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token}
    )
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {"user": user, "link": link, "site_url": settings.SITE_URL}
        subject = render_to_string("accounts/manage/email/set_password_subject.txt", context)
        body = render_to_string("accounts/manage/email/set_password.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])
    return "sent"


def send_set_password_link(*, user: User) -> None:
    """E-mail the user a link to set their own password (a task, after the commit)."""
    from .tasks import send_set_password_link as task

    pk = user.pk
    transaction.on_commit(lambda: task.delay(pk))


@transaction.atomic
def user_create(
    *,
    actor: Any,
    last_name: str,
    first_name: str,
    username: str,
    email: str,
    patronymic: str = "",
    phone: str = "",
    position: str = "",
    password: str | None = None,
    send_link: bool = False,
    role: str | None = None,
    unit: OrgUnit | None = None,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
) -> User:
    """Create an account. Without ``password`` the password is unusable until the user sets
    one through the e-mailed link (``send_link``) or the "forgot password" page."""
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("A user with this login already exists.")})
    if email and User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("A user with this e-mail already exists.")})
    user = User(
        last_name=last_name,
        first_name=first_name,
        patronymic=patronymic,
        username=username,
        email=email,
        phone=phone,
        position=position,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(
        actor=actor,
        obj=user,
        action="create",
        changes={name: [None, getattr(user, name)] for name in USER_FIELDS},
    )
    if role and unit is not None:
        role_assign(
            actor=actor, user=user, role=role, unit=unit, valid_from=valid_from, valid_to=valid_to
        )
    if send_link:
        send_set_password_link(user=user)
    return user


@transaction.atomic
def user_update(*, actor: Any, user: User, **fields: Any) -> User:
    unknown = set(fields) - set(USER_FIELDS)
    if unknown:
        raise TypeError(f"user_update: unexpected fields {sorted(unknown)}")
    user = User.objects.select_for_update().get(pk=user.pk)
    if "username" in fields and (
        User.objects.filter(username__iexact=fields["username"]).exclude(pk=user.pk).exists()
    ):
        raise ValidationError({"username": _("A user with this login already exists.")})
    if fields.get("email") and (
        User.objects.filter(email__iexact=fields["email"]).exclude(pk=user.pk).exists()
    ):
        raise ValidationError({"email": _("A user with this e-mail already exists.")})
    changes = snapshot_changes(user, fields)
    if not changes:
        return user
    for name in changes:
        setattr(user, name, fields[name])
    user.full_clean(exclude=["password"])
    user.save(update_fields=list(changes))
    audit_record(actor=actor, obj=user, action="update", changes=changes)
    return user


@transaction.atomic
def user_deactivate(*, actor: Any, user: User, comment: str = "") -> User:
    """Block the account (never delete: the audit trail and documents refer to it)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if getattr(actor, "pk", None) == user.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    if not user.is_active:
        return user
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        obj=user,
        action="deactivate",
        changes={"is_active": [True, False]},
        comment=comment,
    )
    forget_roles(user)
    return user


@transaction.atomic
def user_reactivate(*, actor: Any, user: User, comment: str = "") -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        return user
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        obj=user,
        action="reactivate",
        changes={"is_active": [False, True]},
        comment=comment,
    )
    forget_roles(user)
    return user


# --- Role assignments -----------------------------------------------------------------------


def _overlaps(
    a_from: datetime.date | None,
    a_to: datetime.date | None,
    b_from: datetime.date | None,
    b_to: datetime.date | None,
) -> bool:
    lo, hi = datetime.date.min, datetime.date.max
    return (a_from or lo) <= (b_to or hi) and (b_from or lo) <= (a_to or hi)


@transaction.atomic
def role_assign(
    *,
    actor: Any,
    user: User,
    role: str,
    unit: OrgUnit,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
) -> RoleAssignment:
    """Give ``user`` the ``role`` in ``unit`` for a period (open ends allowed)."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    check_dates(valid_from, valid_to)
    problem = role_unit_problem(role, unit)
    if problem:
        raise ValidationError({"unit": problem})
    # Lock the user's row so two managers cannot add the same overlapping role at once.
    User.objects.select_for_update().filter(pk=user.pk).first()
    for other in RoleAssignment.objects.filter(user=user, role=role, unit=unit):
        if _overlaps(valid_from, valid_to, other.valid_from, other.valid_to):
            raise ValidationError(
                _("The user already holds this role in this unit for an overlapping period.")
            )
    assignment = RoleAssignment.objects.create(
        user=user, role=role, unit=unit, valid_from=valid_from, valid_to=valid_to
    )
    changes = {
        "role": [None, role],
        "unit": [None, unit.display_name],
        "valid_from": [None, valid_from],
        "valid_to": [None, valid_to],
    }
    audit_record(actor=actor, obj=assignment, action="create", changes=changes)
    audit_record(actor=actor, obj=user, action="role_assign", changes=changes)
    forget_roles(user)
    return assignment


@dataclass(frozen=True)
class RevokeResult:
    removed: bool  # True: a future assignment was deleted; False: it was ended
    assignment: RoleAssignment


@transaction.atomic
def role_revoke(*, actor: Any, assignment: RoleAssignment, comment: str = "") -> RevokeResult:
    """End a role now, or remove one that has not started yet.

    ``valid_to`` is inclusive (an assignment is in force on its last day), so ending a
    role "now" sets it to yesterday: the authority is gone at once, not at midnight. An
    assignment that starts today or later is removed; the audit trail keeps its record.
    """
    assignment = (
        RoleAssignment.objects.select_for_update()
        .select_related("user", "unit")
        .get(pk=assignment.pk)
    )
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    user = assignment.user
    summary = {
        "role": assignment.role,
        "unit": assignment.unit.display_name,
        "valid_from": assignment.valid_from,
        "valid_to": assignment.valid_to,
    }
    if assignment.valid_to is not None and assignment.valid_to < today:
        raise ValidationError(_("This role assignment has already ended."))
    if assignment.valid_from is not None and assignment.valid_from >= today:
        audit_record(
            actor=actor,
            obj=assignment,
            action="delete",
            changes={k: [v, None] for k, v in summary.items()},
            comment=comment,
        )
        audit_record(
            actor=actor,
            obj=user,
            action="role_remove",
            changes={k: [v, None] for k, v in summary.items()},
            comment=comment,
        )
        assignment.delete()
        forget_roles(user)
        return RevokeResult(removed=True, assignment=assignment)
    changes = {"valid_to": [assignment.valid_to, yesterday]}
    assignment.valid_to = yesterday
    assignment.save(update_fields=["valid_to", "updated_at"])
    audit_record(actor=actor, obj=assignment, action="revoke", changes=changes, comment=comment)
    audit_record(
        actor=actor,
        obj=user,
        action="role_revoke",
        changes={
            "role": [summary["role"], summary["role"]],
            "unit": [summary["unit"], summary["unit"]],
            **changes,
        },
        comment=comment,
    )
    forget_roles(user)
    return RevokeResult(removed=False, assignment=assignment)


@transaction.atomic
def users_import(*, actor: Any, rows: list[ImportRow], send_links: bool) -> list[User]:
    """Create the users of checked import rows, all or nothing (one transaction).

    ``rows`` come from ``imports.validate_rows`` with no errors; a clash that appears in
    the meantime raises ``ValidationError`` and rolls the whole import back.
    """
    created: list[User] = []
    for row in rows:
        raw = row.raw
        user = user_create(
            actor=actor,
            last_name=raw["last_name"],
            first_name=raw["first_name"],
            patronymic=raw["patronymic"],
            username=raw["username"],
            email=raw["email"],
            phone=raw["phone"],
            position=raw["position"],
            send_link=send_links,
            role=row.role or None,
            unit=row.unit,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
        )
        created.append(user)
    return created
