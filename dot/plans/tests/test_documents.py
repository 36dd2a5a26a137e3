"""The ИУП as the Appendix 1 form (п. 5.5.1): the PDF and the DOCX, checked field by field.

The PDF's text is extracted with pypdf and compared with the plan, its rows and the
decisions recorded on the ``study_plan`` route (names «Фамилия И. О.» and dates of the
dean's approval, the student's acknowledgement and the two agreements)."""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone, translation
from docx import Document
from docx.enum.section import WD_ORIENT
from pypdf import PdfReader

from dot.academics import models as am
from dot.academics.tests.factories import (
    CurriculumFactory,
    CurriculumLineFactory,
    DepartmentFactory,
    DirectionFactory,
    DisciplineFactory,
    DotCertificateFactory,
    FacultyFactory,
    ProgrammeFactory,
    SemesterFactory,
    StudentFactory,
    StudentGroupFactory,
)
from dot.accounts.models import Role, User
from dot.core.models import ApprovalDecision, ApprovalReview, ApprovalStatus
from dot.plans import documents, services
from dot.plans.documents import appendix1_context, render_docx, render_pdf
from dot.plans.models import (
    DotApplication,
    DotApplicationLine,
    DotOrder,
    DotOrderItem,
    ReasonKind,
    StudyPlan,
    StudyPlanRow,
)
from dot.testing.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db
D = Decimal


@dataclass
class World:
    plan: StudyPlan
    student: User
    dean: User
    office: User
    head_anatomy: User
    head_physiology: User
    teachers: list[User]
    rows: list[StudyPlanRow]


def _user(username: str, last: str, first: str, patronymic: str) -> User:
    return UserFactory.create(
        username=username, last_name=last, first_name=first, patronymic=patronymic
    )


def _world() -> World:
    faculty = FacultyFactory.create(name="Лечебный факультет", name_ky="Дарылоо факультети")
    anatomy = DepartmentFactory.create(name="Кафедра анатомии", parent=faculty)
    physiology = DepartmentFactory.create(name="Кафедра физиологии", parent=faculty)
    programme = ProgrammeFactory.create(
        direction=DirectionFactory.create(code="560001", name="Лечебное дело"),
        name="Общая медицина",
        department=anatomy,
        faculty=faculty,
    )
    curriculum = CurriculumFactory.create(
        programme=programme, intake_year=2026, status=am.CurriculumStatus.APPROVED
    )
    line_1 = CurriculumLineFactory.create(
        curriculum=curriculum,
        discipline=DisciplineFactory.create(
            name="Анатомия человека", name_ky="Адамдын анатомиясы", department=anatomy
        ),
        ects=D("4.5"),
        lecture_hours=D("30"),
        lab_hours=D("16"),
        practice_hours=D("14"),
        srs_hours=D("75"),
    )
    line_2 = CurriculumLineFactory.create(
        curriculum=curriculum,
        discipline=DisciplineFactory.create(name="Нормальная физиология", department=physiology),
        ects=D("3"),
        lecture_hours=D("20"),
        lab_hours=D("0"),
        practice_hours=D("28"),
        srs_hours=D("42"),
    )
    group = StudentGroupFactory.create(name="ЛД-1-26", programme=programme, intake_year=2026)
    student_user = _user("stud", "Асанов", "Айбек", "Маратович")
    student = StudentFactory.create(user=student_user, group=group)
    semester = SemesterFactory.create()  # 2026–2027, autumn: curriculum semester 1
    teacher_1 = _user("t1", "Петров", "Алексей", "Николаевич")
    teacher_2 = _user("t2", "Осмонова", "Динара", "Бакытовна")
    for teacher in (teacher_1, teacher_2):
        DotCertificateFactory.create(teacher=teacher)  # п. 3.3, valid 2025–2028
    application = DotApplication.objects.create(
        student=student,
        semester=semester,
        reason_kind=ReasonKind.ILLNESS,
        status=ApprovalStatus.APPROVED,
    )
    order = DotOrder.objects.create(
        programme=programme, valid_from=datetime.date(2026, 9, 1), status=ApprovalStatus.APPROVED
    )
    for line, teacher in ((line_1, teacher_1), (line_2, teacher_2)):
        DotApplicationLine.objects.create(
            application=application,
            discipline=line.discipline,
            teacher=teacher,
            teacher_permission=True,
        )
        DotOrderItem.objects.create(order=order, discipline=line.discipline)
    plan = StudyPlan.objects.create(
        student=student,
        semester=semester,
        application=application,
        individual_schedule="сентябрь–октябрь: модули 1–2 анатомии, самостоятельно\n"
        "ноябрь: контрольная работа по физиологии",
    )
    row_1 = StudyPlanRow.objects.create(
        plan=plan,
        curriculum_line=line_1,
        dot_hours=D("36"),
        place_and_time="ауд. 305, пн 10:00",
        deadline=datetime.date(2026, 12, 20),
        teacher=teacher_1,
        note="по модулям",
        teacher_permission=True,
        leader_permission=True,
    )
    row_2 = StudyPlanRow.objects.create(
        plan=plan,
        curriculum_line=line_2,
        dot_hours=D("28"),
        place_and_time="онлайн, ср 14:00",
        deadline=datetime.date(2027, 1, 15),
        teacher=teacher_2,
        teacher_permission=True,
        leader_permission=True,
    )
    dean = _user("dean", "Иванов", "Пётр", "Сергеевич")
    RoleAssignmentFactory.create(user=dean, role=Role.DEAN, unit=faculty)
    office = _user("uo", "Сидорова", "Анна", "Викторовна")
    RoleAssignmentFactory.create(user=office, role=Role.ACADEMIC_OFFICE, unit=faculty)
    head_anatomy = _user("ha", "Кузнецов", "Олег", "Игоревич")
    RoleAssignmentFactory.create(user=head_anatomy, role=Role.HEAD_OF_DEPARTMENT, unit=anatomy)
    head_physiology = _user("hp", "Жумабаева", "Гульнара", "Токтогуловна")
    RoleAssignmentFactory.create(
        user=head_physiology, role=Role.HEAD_OF_DEPARTMENT, unit=physiology
    )
    return World(
        plan,
        student_user,
        dean,
        office,
        head_anatomy,
        head_physiology,
        [teacher_1, teacher_2],
        [row_1, row_2],
    )


def _at(day: int, month: int = 11) -> datetime.datetime:
    return datetime.datetime(2026, month, day, 12, 0, tzinfo=timezone.get_current_timezone())


# The ИУП classroom hours each teacher sets (lectures, labs, practice), row by row.
IUP_HOURS = [(D("10"), D("8"), D("6")), (D("8"), D("0"), D("12.5"))]


def _stamp(when: datetime.datetime) -> None:
    """Date the decision just recorded (the engine stamps it with the present time)."""
    last = ApprovalDecision.objects.filter(route=documents.ROUTE_NAME).latest("id")
    ApprovalDecision.objects.filter(pk=last.pk).update(created_at=when)


def _submit(w: World) -> None:
    admin = UserFactory.create(username="admin", is_superuser=True, is_staff=True)
    services.plan_submit(actor=admin, plan=w.plan)
    ApprovalReview.objects.filter(route=documents.ROUTE_NAME).update(started_at=_at(1, 10))


def _agree_department(w: World, head: User, when: datetime.datetime) -> None:
    """A head agrees the rows of their department (п. 5.5.1); the last one passes the step."""
    decisions = ApprovalDecision.objects.count()
    services.plan_department_agree(actor=head, plan=w.plan)
    StudyPlanRow.objects.filter(plan=w.plan, department_agreed_by=head).update(
        department_agreed_at=when
    )
    if ApprovalDecision.objects.count() > decisions:
        _stamp(when)


def _through(w: World, last_step: str) -> None:
    """Take the plan along the ``study_plan`` route, through the plans services, up to and
    including ``last_step``; every decision dated as in ``SIGNED``."""
    _submit(w)
    for row, teacher, (lecture, lab, practice) in zip(w.rows, w.teachers, IUP_HOURS, strict=True):
        services.plan_set_hours(
            actor=teacher, row=row, lecture_hours=lecture, lab_hours=lab, practice_hours=practice
        )
    _stamp(_at(1))
    if last_step == "teachers":
        return
    services.plan_acknowledge(actor=w.student, plan=w.plan)
    _stamp(_at(2))
    if last_step == "student":
        return
    services.plan_decide(actor=w.office, plan=w.plan, decision="approve", step="academic_office")
    _stamp(_at(3))
    if last_step == "academic_office":
        return
    # the physiology head agrees first; each line is matched to its department
    _agree_department(w, w.head_physiology, _at(4))
    _agree_department(w, w.head_anatomy, _at(5))
    if last_step == "department":
        return
    services.plan_decide(actor=w.dean, plan=w.plan, decision="approve", step="dean")
    _stamp(_at(6))
    w.plan.refresh_from_db()
    assert w.plan.status == ApprovalStatus.APPROVED


@pytest.fixture(autouse=True)
def _ready(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every discipline is ready for DOT (п. 5.4.2); readiness is tested elsewhere."""
    from dot.content import selectors
    from dot.content.selectors import Readiness

    monkeypatch.setattr(selectors, "dot_readiness", lambda d, m=None: Readiness(True, []))


@pytest.fixture
def approved() -> World:
    w = _world()
    _through(w, "dean")
    return w


def _pdf(data: bytes) -> tuple[PdfReader, str, str]:
    """The reader, the text of every page, and the same text without any whitespace
    (table cells wrap, so values are also looked for with the spaces removed)."""
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return reader, text, re.sub(r"\s+", "", text)


def _has(flat: str, value: str) -> bool:
    return re.sub(r"\s+", "", value) in flat


def _pages(reader: PdfReader) -> list[str]:
    return [page.extract_text() or "" for page in reader.pages]


def _font_files(reader: PdfReader) -> list[tuple[str, bool]]:
    """(base font name, has an embedded font program) of every font of every page."""
    found = []
    for page in reader.pages:
        resources: Any = page["/Resources"].get_object()
        fonts = resources.get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found.append((str(font.get("/BaseFont", "")), embedded))
    return found


ROW_CELLS = [
    # №, discipline, department, ECTS, РУП lec/lab/pr, ИУП lec/lab/pr, place, deadline, teacher, note
    ["1", "Анатомия человека", "Кафедра анатомии", "4,5", "30", "16", "14", "10", "8", "6",
     "ауд. 305, пн 10:00", "20.12.2026", "Петров А. Н.", "по модулям"],
    ["2", "Нормальная физиология", "Кафедра физиологии", "3", "20", "0", "28", "8", "0",
     "12,5", "онлайн, ср 14:00", "15.01.2027", "Осмонова Д. Б.", ""],
]  # fmt: skip
SIGNED = [
    ("Иванов П. С.", "06.11.2026"),  # the dean approves («Утверждаю»)
    ("Асанов А. М.", "02.11.2026"),  # the student («С ИУП ознакомлен»)
    ("Сидорова А. В.", "03.11.2026"),  # the head of the academic office agrees
    ("Кузнецов О. И.", "05.11.2026"),  # the head of anatomy agrees
    ("Жумабаева Г. Т.", "04.11.2026"),  # the head of physiology agrees
]
BLANK_DATE = "«____» ______________ 20___"


def _labels(language: str) -> dict[str, str]:
    with translation.override(language):
        return documents.labels()


# --- PDF ------------------------------------------------------------------------------------


def test_pdf_is_the_appendix_1_form_field_by_field(approved: World) -> None:
    reader, text, flat = _pdf(render_pdf(approved.plan))
    labels = _labels("ru")
    with translation.override("ru"):
        context = appendix1_context(approved.plan)
    pages = _pages(reader)
    assert len(pages) == 2  # two copies, one page each
    student_copy, office_copy = (re.sub(r"\s+", "", p) for p in pages)
    copies = [re.sub(r"\s+", "", c) for c in context["copies"]]
    assert copies[0] in student_copy
    assert copies[1] not in student_copy
    assert copies[1] in office_copy
    assert copies[0] not in office_copy
    for page in (student_copy, office_copy):
        # header: «Утверждаю», the title, semester and year, student, direction, profile
        for value in (
            labels["approve"],
            labels["title"],
            context["subtitle"],
            context["student_line"],
            "Асанов Айбек Маратович",
            labels["direction"],
            "560001 Лечебное дело",
            labels["programme"],
            "Общая медицина",
            "Лечебный факультет",
        ):
            assert _has(page, value), value
        # the two-level header of the table
        for key in (
            "col_number", "col_discipline", "col_department", "col_ects", "col_rup",
            "col_iup", "col_lecture", "col_lab", "col_practice", "col_place",
            "col_deadline", "col_teacher", "col_note",
        ):  # fmt: skip
            assert _has(page, labels[key]), key
        # every row, its cells in the order of the form
        for cells in ROW_CELLS:
            assert _has(page, "".join(cells)), cells
        # the four signature blocks: name then date of the recorded decision
        for name, date in SIGNED:
            assert _has(page, name + date), name
        assert BLANK_DATE.replace(" ", "") not in page
        assert _has(page, labels["acknowledged"])
        assert _has(page, labels["agreed"])
        assert _has(page, "сентябрь–октябрь: модули 1–2 анатомии, самостоятельно")
    # Cyrillic intact in the extracted text, not only without spaces
    assert "Асанов Айбек Маратович" in text
    assert "Анатомия человека" in text


def test_pdf_pages_are_landscape_a4_with_embedded_fonts(approved: World) -> None:
    reader, _text, _flat = _pdf(render_pdf(approved.plan))
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert width > height
        assert round(width / 72 * 25.4) == 297
        assert round(height / 72 * 25.4) == 210
    fonts = _font_files(reader)
    assert fonts
    assert all(embedded for _name, embedded in fonts)
    assert any("DejaVu" in name for name, _embedded in fonts)


def test_font_faces_point_at_the_dejavu_files() -> None:
    faces = documents.font_faces()
    assert {(f["weight"], f["style"]) for f in faces} == set(documents._FONT_FILES)
    regular = next(f for f in faces if (f["weight"], f["style"]) == ("normal", "normal"))
    assert 'url("file://' in regular["src"]
    assert "DejaVuSans.ttf" in regular["src"]


def test_a_draft_plan_prints_lines_to_sign_by_hand() -> None:
    w = _world()  # a draft: nothing decided yet
    with translation.override("ru"):
        context = appendix1_context(w.plan)
    assert not context["dean"].signed
    assert context["dean"].name == ""
    assert context["academic_office"].name == ""
    assert context["academic_office"].date == ""
    assert [d.signed for d in context["departments"]] == [False, False]
    # the student is known: the name is printed, the date left to fill in
    assert context["student_signature"].name == "Асанов А. М."
    assert context["student_signature"].date == ""
    reader, text, flat = _pdf(render_pdf(w.plan))
    assert len(reader.pages) == 2
    # per copy: the dean, the student, the academic office, two departments
    assert text.count(BLANK_DATE) == 2 * 5
    for _name, date in SIGNED:
        assert date not in text
    for name in ("Иванов П. С.", "Сидорова А. В.", "Кузнецов О. И.", "Жумабаева Г. Т."):
        assert name not in text
    for cells in ROW_CELLS:  # the table is there; the ИУП hours are not set yet
        assert _has(flat, "".join(cells[:7] + cells[10:]))


def test_a_plan_under_review_shows_the_decisions_taken_so_far() -> None:
    w = _world()
    _through(w, "academic_office")
    _agree_department(w, w.head_physiology, _at(4))  # anatomy has not agreed yet
    with translation.override("ru"):
        context = appendix1_context(w.plan)
    assert (context["student_signature"].name, context["student_signature"].date) == (
        "Асанов А. М.",
        "02.11.2026",
    )
    assert (context["academic_office"].name, context["academic_office"].date) == (
        "Сидорова А. В.",
        "03.11.2026",
    )
    anatomy, physiology = context["departments"]
    assert "Кафедра анатомии" in anatomy.position
    assert not anatomy.signed
    assert "Кафедра физиологии" in physiology.position
    assert (physiology.name, physiology.date) == ("Жумабаева Г. Т.", "04.11.2026")
    assert not context["dean"].signed
    _reader, text, flat = _pdf(render_pdf(w.plan))
    assert _has(flat, "Жумабаева Г. Т.04.11.2026")
    assert "Кузнецов" not in text
    assert text.count(BLANK_DATE) == 2 * 2  # the dean and anatomy, in each copy


def test_a_returned_plan_voids_the_earlier_agreements() -> None:
    """п. 5.5.1: a returned plan goes through the route again; the document shows none of
    the agreements of the pass that was returned."""
    w = _world()
    _through(w, "academic_office")
    _agree_department(w, w.head_physiology, _at(4))
    services.plan_decide(
        actor=w.head_anatomy,
        plan=w.plan,
        decision="return",
        comment="Уточнить часы",
        step="department",
    )
    with translation.override("ru"):
        context = appendix1_context(w.plan)
    signatures = [context["dean"], context["academic_office"], *context["departments"]]
    assert not any(s.signed for s in signatures)
    assert not context["student_signature"].signed
    _reader, text, _flat = _pdf(render_pdf(w.plan))
    assert "Сидорова" not in text
    assert "Жумабаева" not in text
    # sent again: the new pass starts with nothing agreed
    services.plan_submit(actor=w.dean, plan=w.plan)
    with translation.override("ru"):
        context = appendix1_context(w.plan)
    assert not any(s.signed for s in (context["academic_office"], *context["departments"]))


def test_a_plan_without_rows_or_group_still_renders() -> None:
    w = _world()
    StudyPlanRow.objects.filter(plan=w.plan).delete()
    StudyPlan.objects.filter(pk=w.plan.pk).update(individual_schedule="")
    w.plan.student.group = None
    w.plan.student.save(update_fields=["group"])
    with translation.override("ru"):
        context = appendix1_context(w.plan)
    assert context["rows"] == []
    assert context["schedule"] == []
    assert context["semester_number"] == "1"  # the semester of the year
    assert len(context["departments"]) == 1
    assert not context["departments"][0].signed
    _reader, _text, flat = _pdf(render_pdf(w.plan))
    assert _has(flat, _labels("ru")["no_rows"])
    document = Document(io.BytesIO(render_docx(w.plan)))
    assert any(_labels("ru")["no_rows"] == p.text for p in document.paragraphs)


@pytest.mark.parametrize("language", ["ky", "en"])
def test_pdf_in_kyrgyz_and_english(approved: World, language: str) -> None:
    active = translation.get_language()
    _reader, text, flat = _pdf(render_pdf(approved.plan, language=language))
    assert translation.get_language() == active  # the rendering's language does not leak
    labels = _labels(language)
    for key in ("approve", "title", "col_discipline", "col_deadline", "acknowledged", "agreed"):
        assert _has(flat, labels[key]), key
    with translation.override(language):
        context = appendix1_context(approved.plan)
    assert _has(flat, context["copies"][0])
    assert _has(flat, context["copies"][1])
    for name, date in SIGNED:
        assert _has(flat, name + date)
    if language == "ky":
        assert _has(flat, "Адамдын анатомиясы")  # the discipline's Kyrgyz name
        assert _has(flat, "Дарылоо факультети")  # the faculty's Kyrgyz name
        assert _has(flat, "4,53016141086")
    else:
        assert _has(flat, "Анатомия человека")  # no English name: the Russian one
        assert _has(flat, "4.53016141086")
        assert _has(flat, "12.5")


def test_context_queries_do_not_grow_with_the_rows(approved: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as two:
        appendix1_context(approved.plan)
    first = approved.rows[0]
    StudyPlanRow.objects.create(
        plan=approved.plan,
        curriculum_line=CurriculumLineFactory.create(
            curriculum=first.curriculum_line.curriculum,
            discipline=DisciplineFactory.create(
                name="Гистология", department=first.curriculum_line.discipline.department
            ),
        ),
        teacher=UserFactory.create(),
        department_agreed_by=approved.head_anatomy,
        department_agreed_at=_at(5),
    )
    with CaptureQueriesContext(connection) as three:
        context = appendix1_context(approved.plan)
    assert len(context["rows"]) == 3
    assert len(three.captured_queries) == len(two.captured_queries)


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        (D("30.00"), "ru", "30"),
        (D("2.50"), "ru", "2,5"),
        (D("2.50"), "en", "2.5"),
        (D("0.00"), "ky", "0"),
        (D("100"), "ru", "100"),
        (D("0.25"), "ru", "0,25"),
        (None, "ru", ""),
    ],
)
def test_numbers_print_as_on_paper(value: Decimal | None, language: str, expected: str) -> None:
    with translation.override(language):
        assert documents.fmt_number(value) == expected


# --- DOCX -----------------------------------------------------------------------------------


def test_docx_has_the_same_form_editable(approved: World) -> None:
    document = Document(io.BytesIO(render_docx(approved.plan)))
    labels = _labels("ru")
    with translation.override("ru"):
        context = appendix1_context(approved.plan)
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (section.page_width or 0) > (section.page_height or 0)
    tables = document.tables
    assert len(tables) == 2  # one table per copy
    for table in tables:
        top = [c.text for c in table.rows[0].cells]
        sub = [c.text for c in table.rows[1].cells]
        assert top[:4] == [
            labels["col_number"],
            labels["col_discipline"],
            labels["col_department"],
            labels["col_ects"],
        ]
        assert top[4:7] == [labels["col_rup"]] * 3
        assert top[7:10] == [labels["col_iup"]] * 3
        assert sub[4:10] == [labels["col_lecture"], labels["col_lab"], labels["col_practice"]] * 2
        assert top[10:] == [
            labels["col_place"],
            labels["col_deadline"],
            labels["col_teacher"],
            labels["col_note"],
        ]
        body = [[c.text for c in row.cells] for row in table.rows[2:]]
        assert body == ROW_CELLS
    paragraphs = [p.text for p in document.paragraphs]
    text = "\n".join(paragraphs)
    for copy in context["copies"]:
        assert paragraphs.count(copy) == 1
    assert paragraphs.count(labels["approve"]) == 2
    assert paragraphs.count(labels["title"]) == 2
    assert paragraphs.count(context["subtitle"]) == 2
    assert paragraphs.count(f"{context['student_line']}: Асанов Айбек Маратович") == 2
    assert paragraphs.count(f"{labels['direction']}: 560001 Лечебное дело") == 2
    for name, date in SIGNED:
        assert text.count(name) == 2
        assert text.count(date) == 2
    assert any(
        "Кафедра физиологии" in p and "Жумабаева Г. Т." in p and "04.11.2026" in p
        for p in paragraphs
    )
    assert BLANK_DATE not in text
    assert "{{" not in text
    assert "{%" not in text
    page_breaks = document.element.body.xpath('.//w:br[@w:type="page"]')
    assert len(page_breaks) == 1  # between the two copies


def test_docx_of_a_draft_leaves_lines_to_sign() -> None:
    w = _world()
    document = Document(io.BytesIO(render_docx(w.plan, language="ky")))
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.count(BLANK_DATE) == 2 * 5
    assert "Иванов П. С." not in text
    assert [[c.text for c in row.cells][1] for row in document.tables[0].rows[2:]] == [
        "Адамдын анатомиясы",
        "Нормальная физиология",
    ]


def test_the_committed_docx_template_is_what_the_builder_makes(tmp_path: Any) -> None:
    """The template is built by code: the committed file must not drift from its builder."""
    from dot.plans.docx.build_template import build

    fresh = Document(str(build(tmp_path / "appendix1.docx")))
    committed = Document(str(documents.DOCX_TEMPLATE))
    assert [p.text for p in fresh.paragraphs] == [p.text for p in committed.paragraphs]
    assert [[c.text for c in r.cells] for t in fresh.tables for r in t.rows] == [
        [c.text for c in r.cells] for t in committed.tables for r in t.rows
    ]


def test_the_proposed_translations_cover_every_text_of_the_form() -> None:
    """``docx/appendix1_translations.json`` (``bin/po apply`` format) names a Russian and a
    Kyrgyz wording for every msgid of ``documents.py``, faithful to Appendix 1."""
    import ast
    import json
    from pathlib import Path

    source = Path(documents.__file__).read_text(encoding="utf-8")
    msgids = {
        node.args[0].value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "_"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }
    path = Path(documents.__file__).parent / "docx" / "appendix1_translations.json"
    proposed = json.loads(path.read_text(encoding="utf-8"))["plans"]
    assert set(proposed["ru"]) == msgids
    assert set(proposed["ky"]) == msgids
    assert proposed["ru"]["I approve"] == "Утверждаю"
    assert proposed["ru"]["I have read the ИУП"].startswith("С ИУП ознакомлен")
    assert all(proposed["ru"].values())
    assert all(proposed["ky"].values())


# --- The downloads (plans:plan_pdf / plans:plan_docx call the functions above) ---------------


def test_downloads_for_the_four_callers(approved: World, client: Any) -> None:
    from django.urls import reverse

    pdf_url = reverse("plans:plan_pdf", args=[approved.plan.pk])
    docx_url = reverse("plans:plan_docx", args=[approved.plan.pk])
    # anonymous: to the login page
    response = client.get(pdf_url)
    assert response.status_code == 302
    assert "login" in response["Location"]
    # another student (a wrong role for this plan): 404, as for a missing plan
    client.force_login(StudentFactory.create().user)
    assert client.get(pdf_url).status_code == 404
    # the dean of another faculty (the right role, another unit): 404
    other_dean = UserFactory.create()
    RoleAssignmentFactory.create(user=other_dean, role=Role.DEAN, unit=FacultyFactory.create())
    client.force_login(other_dean)
    assert client.get(docx_url).status_code == 404
    # the student of the plan and the dean of its faculty: the documents
    client.force_login(approved.student)
    response = client.get(pdf_url, {"lang": "ru"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    # The file name keeps the Cyrillic record-book number (RFC 6266 filename*).
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''iup-")
    assert disposition.endswith(f"-v{approved.plan.version}.pdf")
    _reader, _text, flat = _pdf(response.content)
    assert _has(flat, "Иванов П. С.06.11.2026")
    client.force_login(approved.dean)
    response = client.get(docx_url, {"lang": "ky"})
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    document = Document(io.BytesIO(response.content))
    assert document.tables[0].rows[2].cells[1].text == "Адамдын анатомиясы"


def test_no_document_before_the_dean_approves(client: Any) -> None:
    from django.urls import reverse

    w = _world()
    _through(w, "academic_office")
    client.force_login(w.student)
    assert client.get(reverse("plans:plan_pdf", args=[w.plan.pk])).status_code == 404
