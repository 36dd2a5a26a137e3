"""Demo courses and ЭУМК: several disciplines of «Кафедра КД» and neighbours with an ЭУМК
in every state of the review (п. 4.6, 4.8, 5.4.5), real small files made at seed time
(PDF, PNG, WAV, ZIP, and an MP4/WebM video lecture and an OGG audio lecture made by the
bundled ffmpeg of ``imageio-ffmpeg``; without it, the WAV tone and a video link), and the autumn courses of group ЛД-1-24 with the demo student
registered, so that the student's side can be tried at once.

Idempotent: a discipline that already has an ЭУМК is left as it is. Without the academic
demo (disciplines, the semester, the group) the seed does nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from dot.academics.models import (
    CurriculumLine,
    Discipline,
    SemesterRegistration,
    Student,
    StudentGroup,
)
from dot.academics.models import Semester as SemesterModel
from dot.accounts.models import User
from dot.org.models import OrgUnit

from . import services
from .models import ComponentKind, ResourceKind, Umk, UmkVersion
from .samples import ffmpeg_media, pdf_bytes, png_bytes, wav_bytes, zip_bytes

C = ComponentKind

# code → the state its ЭУМК is left in
STATES = {
    "КД-301": "published",
    "МФД-108": "stale",
    "КД-306": "approved",
    "КД-302": "editorial",
    "КД-304": "returned",
    "КД-305": "draft",
    "СД-301": "rejected",
}
HEADS = {"kd": "head_kd", "sd": "head_sd", "mfd": "head_mfd", "egd": "head_egd"}
COURSES = ("КД-301", "КД-302", "МФД-108", "СД-301")


def _user(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def _pages(version: UmkVersion, actor: User, discipline: Discipline) -> None:
    name = discipline.name
    pages = [
        (C.SYLLABUS, "Силлабус дисциплины", f"## {name}\n\nЦели, результаты обучения, "
         "график и критерии оценивания.\n\n| Неделя | Тема |\n|---|---|\n| 1 | Введение |"),
        (C.LITERATURE, "Список литературы", "1. Основная литература — 3 источника.\n"
         "2. Дополнительная литература — 5 источников."),
        (C.GLOSSARY, "Глоссарий", "**Анамнез** — сведения о больном и болезни.\n\n"
         "**Синдром** — совокупность симптомов."),
        (C.SRS_ASSIGNMENTS, "Задания для СРС", "1. Составьте конспект темы.\n"
         "2. Решите ситуационные задачи 1–10.\n3. Подготовьте реферат."),
        (C.ASSESSMENT_FUND, "Фонд оценочных средств", "Тест текущего контроля (30 вопросов), "
         "контрольные задания к модулям, вопросы к экзамену."),
    ]  # fmt: skip
    for component, title, body in pages:
        services.resource_add(
            version=version, actor=actor, kind=ResourceKind.PAGE, component=component,
            title=title, body=body,
        )  # fmt: skip


_MEDIA: dict[str, bytes | None] = {}


def media(file_type: str) -> bytes | None:
    """A generated media file (made once per process), or ``None`` with a printed warning
    when ffmpeg cannot make it — the seed then goes on without it."""
    if file_type not in _MEDIA:
        try:
            _MEDIA[file_type] = ffmpeg_media(file_type)
        except RuntimeError as exc:
            print(f"Warning: demo {file_type.upper()} not generated, skipped ({exc}).")
            _MEDIA[file_type] = None
    return _MEDIA[file_type]


def _files(version: UmkVersion, actor: User, discipline: Discipline) -> None:
    code = discipline.code.replace("-", "")
    module = discipline.modules.order_by("order").first()
    uploads = {
        C.LECTURE_NOTES: [SimpleUploadedFile(f"lecture-1-{code}.pdf", pdf_bytes(f"{code}: lecture 1"))],
        C.PRESENTATIONS: [SimpleUploadedFile(f"scheme-{code}.png", png_bytes(64, 48, (30, 90, 160)))],
        C.AUDIO_LECTURES: [SimpleUploadedFile(f"audio-{code}.wav", wav_bytes(1.5))],
        C.LAB_PRACTICUM: [
            SimpleUploadedFile(
                f"lab-{code}.zip",
                zip_bytes({"lab-1.txt": "Лабораторная работа 1: порядок выполнения."}),
            )
        ],
    }  # fmt: skip
    ogg = media("ogg")
    if ogg is not None:
        uploads[C.AUDIO_LECTURES].append(SimpleUploadedFile(f"audio-lecture-{code}.ogg", ogg))
    videos = [
        SimpleUploadedFile(f"video-lecture-{code}.{ext}", data)
        for ext in ("mp4", "webm")
        if (data := media(ext)) is not None
    ]
    if videos:
        uploads[C.VIDEO_LECTURES] = videos
    for component, files in uploads.items():
        services.resources_add_files(
            version=version, actor=actor, uploads=files, component=component,
            module=module if component == C.VIDEO_LECTURES else None,
        )  # fmt: skip
    if not videos:
        services.resource_add(
            version=version, actor=actor, kind=ResourceKind.VIDEO, component=C.VIDEO_LECTURES,
            title="Видеолекция: введение", url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            module=module,
        )  # fmt: skip
    services.resource_add(
        version=version, actor=actor, kind=ResourceKind.LINK, component=C.LAB_PRACTICUM,
        title="Виртуальная лаборатория", url="https://phet.colorado.edu/ru/", module=module,
    )  # fmt: skip


def _build(discipline: Discipline, state: str, teacher: User, people: dict[str, Any]) -> None:
    head = _user(HEADS.get(discipline.department.code, "head_kd")) or people["head_kd"]
    umk = services.umk_create(discipline=discipline, actor=teacher)
    version = umk.versions.get()
    _pages(version, teacher, discipline)
    if state != "draft":
        _files(version, teacher, discipline)
    if state == "draft":
        return
    services.umk_version_submit(version=version, actor=teacher, comment="ЭУМК подготовлен.")
    if state == "rejected":
        services.umk_version_decide(
            version=version, actor=head, decision="reject",
            comment="Дисциплина исключена из перечня ДОТ; ЭУМК не требуется.",
        )  # fmt: skip
        return
    if state == "returned":
        services.umk_version_decide(
            version=version, actor=head, decision="return",
            component_comments={
                C.GLOSSARY: "Глоссарий неполный: добавьте термины модулей 2 и 3.",
                C.ASSESSMENT_FUND: "Нет ключей к тесту.",
            },
        )  # fmt: skip
        return
    services.umk_version_decide(version=version, actor=head, decision="approve")
    if state == "editorial":
        return
    services.umk_version_decide(version=version, actor=people["rio"], decision="approve")
    if state == "approved":
        return
    services.umk_version_publish(version=version, actor=people["ums"])
    if state == "stale":
        # п. 4.8: published long ago and never revised — flagged to the department.
        long_ago = timezone.now() - datetime.timedelta(days=420)
        Umk.objects.filter(pk=umk.pk).update(last_revised_at=long_ago)
        UmkVersion.objects.filter(pk=version.pk).update(published_at=long_ago)


def _courses(disciplines: dict[str, Discipline], teacher: User) -> None:
    group = StudentGroup.objects.filter(name="ЛД-1-24").first()
    semester = SemesterModel.objects.filter(academic_year__title="2026–2027", number=1).first()
    if group is None or semester is None:
        return
    student = Student.objects.filter(user__username="student").first()
    for code in COURSES:
        discipline = disciplines.get(code)
        if discipline is None:
            continue
        services.course_create(
            discipline=discipline, semester=semester, groups=[group], actor=None,
            teachers=[teacher],
        )  # fmt: skip
        # п. 4.7: the dean's office registers students; the demo registers its student.
        line = CurriculumLine.objects.filter(
            curriculum__programme=group.programme,
            curriculum__intake_year=group.intake_year,
            curriculum__in_force=True,
            discipline=discipline,
        ).first()
        if student is not None and line is not None:
            SemesterRegistration.objects.get_or_create(
                student=student, semester=semester, curriculum_line=line
            )


@transaction.atomic
def seed(units: dict[str, OrgUnit]) -> None:
    disciplines = {d.code: d for d in Discipline.objects.filter(code__in=STATES)}
    teacher = _user("teacher")
    people = {name: _user(name) for name in ("head_kd", "rio", "ums")}
    if not disciplines or teacher is None or None in people.values():
        return
    # Courses first: their teacher may then keep the ЭУМК of other departments' disciplines.
    _courses(disciplines, teacher)
    for code, state in STATES.items():
        discipline = disciplines.get(code)
        if discipline is None or Umk.objects.filter(discipline=discipline).exists():
            continue
        _build(discipline, state, teacher, people)
