"""Demo notifications so that the notification centre of each role's demo user is not empty.

Idempotent: users who already have notifications are left alone. Rows are written
directly (no e-mail): this is sample data, not something that happened.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from dot.accounts.models import User
from dot.org.demo import USERS

from .kinds import NotificationKind
from .models import Notification


@transaction.atomic
def seed(units: dict[str, Any]) -> None:
    # The role demo users of dot.org.demo (other apps' demos add students of their own).
    users = list(
        User.objects.filter(username__in=[u.username for u in USERS], is_active=True).exclude(
            notifications__isnull=False
        )
    )
    if not users:
        return
    sender = User.objects.filter(username="uo").first()
    now = timezone.now()
    rows = []
    for user in users:
        rows.append(
            Notification(
                recipient=user,
                kind=NotificationKind.ANNOUNCEMENT,
                title="Положение о ДОТ: памятка для преподавателей и студентов",
                body="Учебный отдел напоминает: сведения о дистанционных технологиях обучения "
                "опубликованы на портале. Ознакомьтесь с ними до начала семестра.",
                url="/",
                actor=sender,
                read_at=now,
            )
        )
        rows.append(
            Notification(
                recipient=user,
                kind=NotificationKind.SYSTEM,
                title="Добро пожаловать на портал ДОТ",
                body="Проверьте в профиле адрес электронной почты и телефон и выберите, "
                "какие уведомления получать на почту.",
                url=reverse("accounts:profile"),
                mandatory=True,
            )
        )
    Notification.objects.bulk_create(rows)
