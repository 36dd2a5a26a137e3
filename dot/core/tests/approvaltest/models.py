"""A memo approved by its department head, then the dean, then the academic office."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from dot.accounts.models import Role
from dot.accounts.roles import has_role
from dot.core.approval import ApprovableMixin, Route, Step


class Memo(ApprovableMixin):
    title = models.CharField(max_length=200)
    # No database constraints: the table lives outside the migrations, and other
    # tests' flushes must be able to truncate the referenced tables.
    department = models.ForeignKey(
        "org.OrgUnit", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    author = models.ForeignKey(
        "accounts.User", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    published = models.BooleanField(default=False)

    objects: ClassVar[models.Manager[Memo]] = models.Manager()
    # The model is outside INSTALLED_APPS, so django-stubs does not add the FK id fields.
    author_id: int

    class Meta:
        app_label = "approvaltest"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/memo/{self.pk}/"


def _may_submit(user: Any, memo: Memo) -> bool:
    return user.pk == memo.author_id or has_role(user, Role.TEACHER, memo.department)


def _check_ready(memo: Memo) -> None:
    if not memo.title.strip():
        raise ValidationError("The memo has no title.", code="incomplete")


def _publish(memo: Memo, decision: Any) -> None:
    memo.published = True
    memo.save(update_fields=["published"])


MEMO_ROUTE = Route(
    name="test_memo",
    model=Memo,
    label="Memo approval",
    steps=[
        Step("department", _("Department"), role=Role.HEAD_OF_DEPARTMENT, unit="department"),
        # A computed unit: the faculty the department belongs to.
        Step(
            "dean",
            _("Dean"),
            role=Role.DEAN,
            unit=lambda memo: memo.department.parent,
            related=("department__parent",),
        ),
        Step("academic_office", _("Academic office"), role=Role.ACADEMIC_OFFICE),
    ],
    may_submit=_may_submit,
    before_submit=_check_ready,
    on_approved=_publish,
)
