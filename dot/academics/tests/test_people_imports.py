"""Bulk import of groups and students (XLSX, CSV): all or nothing, per-row report."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook, load_workbook

from dot.academics.models import Student, StudentGroup
from dot.academics.people_imports import HEADERS, students_import, template_bytes
from dot.accounts.models import Role, RoleAssignment, User
from dot.org.models import OrgUnit

from .people_world import World, build_world, login

GOOD: list[list[Any]] = [
    ["ЛД-1-24", "ld", "", "", "", "Садыкова", "Мээрим", "Кубанычбековна", "ЛД-24-0101", "",
     "meerim@example.org", "нет", "01.09.2024"],
    ["ЛД-5-24", "ld", 2024, "очная", "да", "Токтогулов", "Адилет", "", "ЛД-24-0102", "adilet",
     "", "нет", ""],
    ["ЛД-5-24", "ld", 2024, "очная", "да", "Орозбеков", "Нурсултан", "", "ЛД-24-0103", "", "",
     "", ""],
]  # fmt: skip


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def w(uni: dict[str, OrgUnit], make_user: Callable[..., User]) -> World:
    return build_world(uni, make_user)


def _xlsx(rows: list[list[Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _csv(rows: list[list[Any]], encoding: str = "utf-8", sep: str = ";") -> bytes:
    lines = [sep.join(HEADERS)] + [sep.join(str(c) for c in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def _run(w: World, data: bytes) -> Any:
    return students_import(
        actor=w.u("deans"), upload=io.BytesIO(data), size=len(data), programmes={"ld": w.programme}
    )


def test_a_good_workbook_creates_the_new_group_and_accounts_with_roles(w: World) -> None:
    report = _run(w, _xlsx(GOOD))

    assert report.errors == []
    assert (report.groups_created, report.students_created) == (1, 3)
    new_group = StudentGroup.objects.get(name="ЛД-5-24")
    assert (new_group.intake_year, new_group.is_dot_group) == (2024, True)
    assert set(new_group.students.values_list("user__username", flat=True)) == {
        "adilet",
        "ЛД-24-0103",
    }
    meerim = Student.objects.get(record_book_number="ЛД-24-0101")
    assert (meerim.group, meerim.user.email) == (w.group, "meerim@example.org")
    assert RoleAssignment.objects.filter(
        user=meerim.user, role=Role.STUDENT, unit=w.units["med"]
    ).exists()


def test_one_bad_row_imports_nothing_and_names_row_column_and_problem(w: World) -> None:
    rows = [*GOOD, ["ЛД-5-24", "ld", 2024, "очная", "да", "", "Ли", "", "ЛД-24-0101", "", "bad",
                    "может быть", "31.02.2024"]]  # fmt: skip

    report = _run(w, _xlsx(rows))

    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (5, "Слушатель", "write «да» or «нет»."),
        (5, "Фамилия", "enter the last name."),
        (5, "Номер зачётки", "the number repeats row 2."),
        (5, "Логин", "the login repeats row 2."),
        (5, "E-mail", "enter a valid e-mail address."),
        (5, "Дата зачисления", "write the date as dd.mm.yyyy."),
    ]
    assert StudentGroup.objects.filter(name="ЛД-5-24").count() == 0
    assert Student.objects.count() == 3  # only the world's students


def test_a_taken_record_book_or_login_and_a_foreign_programme_are_reported(w: World) -> None:
    rows: list[list[Any]] = [
        ["ЛД-1-24", "ld", "", "", "", "Ким", "Ли", "", "ЛД-24-0001", "", "", "", ""],
        ["ЛД-1-24", "ld", "", "", "", "Ким", "Ли", "", "ЛД-24-0200", "p_deans", "", "", ""],
        ["ЭП-1-26", "econ", 2026, "очная", "", "Ким", "Ли", "", "ЭП-26-0001", "", "", "", ""],
    ]

    report = _run(w, _xlsx(rows))

    assert [(e.row, e.column) for e in report.errors] == [
        (2, "Номер зачётки"),
        (3, "Логин"),
        (4, "Программа"),
    ]
    assert report.errors[2].message == "programme «econ» is not one of your faculty's."


def test_a_new_group_described_differently_on_two_rows_is_refused(w: World) -> None:
    rows = [GOOD[1], [*GOOD[2][:2], 2025, *GOOD[2][3:]]]

    report = _run(w, _xlsx(rows))

    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (3, "Группа", "the group is described differently on row 2.")
    ]


@pytest.mark.parametrize(("encoding", "sep"), [("utf-8", ";"), ("utf-8-sig", ","), ("cp1251", ";")])
def test_csv_in_utf8_or_windows_1251_is_accepted(w: World, encoding: str, sep: str) -> None:
    report = _run(w, _csv(GOOD, encoding, sep))

    assert report.errors == []
    assert report.students_created == 3


def test_a_file_that_is_neither_xlsx_nor_csv_is_refused(w: World) -> None:
    report = _run(w, b"\x89PNG\r\n\x1a\n\x00\x00\x00")

    assert [(e.row, e.message) for e in report.errors] == [
        (1, "The file is neither an XLSX workbook nor CSV text.")
    ]


def test_a_file_over_the_size_limit_is_refused(w: World, settings: Any) -> None:
    settings.DOT_IMPORT_MAX_BYTES = 1024 * 1024
    data = _csv(GOOD) + b" " * (1024 * 1024)

    report = _run(w, data)

    assert [e.message for e in report.errors] == ["The file is larger than 1 MB."]


def test_a_file_without_the_header_is_refused(w: World) -> None:
    report = _run(w, "Имя;Фамилия\nА;Б\n".encode())

    assert report.errors[0].message.startswith("Row 1 must be the header of the template")


def test_the_template_is_a_workbook_with_the_documented_header(w: World, client: Any) -> None:
    response = login(client, w.u("deans")).get("/academics/people/groups/import/template.xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == HEADERS
    assert template_bytes()[:2] == b"PK"


def test_the_import_page_shows_the_report_and_imports_nothing_on_error(
    w: World, client: Any
) -> None:
    bad = [[*GOOD[0][:5], "", *GOOD[0][6:]]]
    c = login(client, w.u("deans"))

    response = c.post(
        "/academics/people/groups/import/",
        {"file": SimpleUploadedFile("students.xlsx", _xlsx(bad))},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert [(e.row, e.column) for e in response.context["report"].errors] == [(2, "Фамилия")]
    assert Student.objects.count() == 3


def test_the_import_page_imports_a_good_file_and_redirects(w: World, client: Any) -> None:
    response = login(client, w.u("deans")).post(
        "/academics/people/groups/import/",
        {"file": SimpleUploadedFile("students.csv", _csv(GOOD))},
    )

    assert response.status_code == 302
    assert Student.objects.count() == 6


def test_the_report_speaks_the_users_language(w: World) -> None:
    rows = [[*GOOD[0][:5], "", *GOOD[0][6:]]]

    with translation.override("ru"):
        report = _run(w, _xlsx(rows))

    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (2, "Фамилия", "укажите фамилию.")
    ]
