"""Users and their role assignments scoped to org units (п. 1.3, 3.3, 4.2–4.9)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dot.core.models import TimeStampedModel


class Role(models.TextChoices):
    """Roles of the regulation's section IV. Each is held in an org unit."""

    RECTOR = "rector", _("Rector")
    VICE_RECTOR = "vice_rector", _("Vice-rector")
    ACADEMIC_OFFICE = "academic_office", _("Academic office staff")
    EDITORIAL_OFFICE = "editorial_office", _("Editorial office staff")
    IT_OFFICE = "it_office", _("IT office staff")
    ADMISSIONS = "admissions", _("Admissions staff")
    RESEARCH_OFFICE = "research_office", _("Research office staff")
    METHODS_COUNCIL = "methods_council", _("Teaching-methods council member")
    DEAN = "dean", _("Dean")
    DEANS_OFFICE = "deans_office", _("Dean's office staff")
    HEAD_OF_DEPARTMENT = "head_of_department", _("Head of department")
    PROGRAMME_LEADER = "programme_leader", _("Programme leader")
    TEACHER = "teacher", _("Teacher")
    TUTOR = "tutor", _("Tutor")
    STUDENT = "student", _("Student")
    MASTER_STUDENT = "master_student", _("Master's student")
    LISTENER = "listener", _("Listener")


LEARNER_ROLES = (Role.STUDENT, Role.MASTER_STUDENT, Role.LISTENER)
STAFF_ROLES = tuple(r for r in Role if r not in LEARNER_ROLES)


class User(AbstractUser):
    """A person of the university. Names are kept as Russian documents write them."""

    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    position = models.CharField(_("position"), max_length=255, blank=True)
    language = models.CharField(
        _("interface language"), max_length=8, choices=settings.LANGUAGES, default="ru"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "patronymic"]

    def __str__(self) -> str:
        return self.short_name or self.username

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    @property
    def short_name(self) -> str:
        """«Фамилия И. О.»"""
        initials = " ".join(f"{p[0]}." for p in (self.first_name, self.patronymic) if p)
        return f"{self.last_name} {initials}".strip()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.short_name


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def current(self, on: datetime.date | None = None) -> RoleAssignmentQuerySet:
        """Assignments in force on a date (today by default)."""
        on = on or timezone.localdate()
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on),
            Q(valid_to__isnull=True) | Q(valid_to__gte=on),
            user__is_active=True,
        )


class RoleAssignment(TimeStampedModel):
    """A role held by a user in an org unit for a period.

    Authority flows downward: a role held in a faculty covers its departments.
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, db_index=True)
    unit = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "unit", "valid_from"], name="accounts_unique_assignment"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="accounts_assignment_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()} — {self.unit}"

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or self.valid_to >= on
        )
