"""Demo messages and announcements: conversations between the demo students of ЛД-1-24
and their teacher (one answered, one waiting for days — п. 4.9), a question to the dean's
office, and announcements of the dean's office to the group and the faculty.

Idempotent: nothing is added once the demo teacher has conversations. Two more students
of ЛД-1-24 are created here (password demo1234) so that the group has a few people.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from dot.academics.models import Student, StudentGroup
from dot.accounts.models import Role, RoleAssignment, User
from dot.org.demo import DEMO_PASSWORD

from . import services
from .models import Conversation, Message, Participant, StudentQuestion
from .selectors import Audience

EXTRA_STUDENTS = [
    ("ld_student2", "Токтогулова", "Айгерим", "Маратовна", "ЛД-24-0702"),
    ("ld_student3", "Осмонов", "Тимур", "Бакытович", "ЛД-24-0703"),
]


def _students(units: dict[str, Any], group: StudentGroup) -> list[User]:
    made = []
    for username, last, first, patronymic, book in EXTRA_STUDENTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "last_name": last,
                "first_name": first,
                "patronymic": patronymic,
                "position": f"Студент группы {group.name}",
                "email": f"{username}@rmu.example",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if "fldis" in units:
            RoleAssignment.objects.get_or_create(
                user=user, role=Role.STUDENT, unit=units["fldis"], valid_from=None
            )
        Student.objects.get_or_create(
            user=user,
            defaults={"group": group, "programme": group.programme, "record_book_number": book},
        )
        made.append(user)
    return made


def _backdate(conversation: Conversation, days: float) -> None:
    """Move a demo conversation into the past (as if written ``days`` ago)."""
    when = timezone.now() - datetime.timedelta(days=days)
    messages = list(conversation.messages.order_by("created_at", "id"))
    for i, message in enumerate(messages):
        at = when + datetime.timedelta(hours=3 * i)
        Message.objects.filter(pk=message.pk).update(created_at=at)
        StudentQuestion.objects.filter(message=message).update(asked_at=at)
        StudentQuestion.objects.filter(answer=message).update(answered_at=at)
    last = when + datetime.timedelta(hours=3 * (len(messages) - 1))
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=last)
    Participant.objects.filter(conversation=conversation).update(last_message_at=last)


@transaction.atomic
def seed(units: dict[str, Any]) -> None:
    teacher = User.objects.filter(username="teacher").first()
    student = User.objects.filter(username="student").first()
    dean_office = User.objects.filter(username="deanoffice").first()
    group = StudentGroup.objects.filter(name="ЛД-1-24").first()
    if teacher is None or student is None or group is None:
        return
    if Participant.objects.filter(user=teacher).exists():
        return
    second, third = _students(units, group)

    answered = services.conversation_start(
        sender=student,
        recipients=[teacher],
        subject="Вопрос по практическому занятию",
        body="Сергей Петрович, здравствуйте! Можно ли сдать отчёт по практике в формате PDF?",
    )
    services.message_send(
        sender=teacher,
        conversation=answered,
        body="Здравствуйте! Да, PDF подходит. Загрузите его в задание курса до пятницы.",
    )
    _backdate(answered, 6)

    waiting = services.conversation_start(
        sender=second,
        recipients=[teacher],
        subject="Пропущенная лекция",
        body="Здравствуйте! Я болела и пропустила лекцию 3. Где можно посмотреть запись?",
    )
    _backdate(waiting, 4)
    waiting2 = services.conversation_start(
        sender=third,
        recipients=[teacher],
        subject="Консультация перед зачётом",
        body="Будет ли консультация перед зачётом и когда?",
    )
    _backdate(waiting2, 1.5)

    if dean_office is not None:
        to_dean = services.conversation_start(
            sender=student,
            recipients=[dean_office],
            subject="Справка с места учёбы",
            body="Здравствуйте! Подскажите, как получить справку с места учёбы?",
        )
        services.message_send(
            sender=dean_office,
            conversation=to_dean,
            body="Закажите справку в деканате, кабинет 112; она будет готова через два дня.",
        )
        _backdate(to_dean, 2)
        services.announcement_send(
            sender=dean_office,
            audience=Audience(kind="group", group=group),
            title=f"Собрание группы {group.name}",
            body="Уважаемые студенты! Собрание группы состоится в пятницу в 14:00 в "
            "аудитории 305. Повестка: расписание сессии и практика.",
        )
        faculty = group.programme.faculty
        services.announcement_send(
            sender=dean_office,
            audience=Audience(kind="faculty", faculty=faculty),
            title="Изменение расписания сессии",
            body="Расписание зимней сессии обновлено. Обязательно проверьте даты экзаменов "
            "в разделе «Расписание».",
            mandatory=True,
        )
