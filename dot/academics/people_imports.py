"""Bulk import of groups and students from XLSX or CSV (п. 4.7), all or nothing.

One row per student; the first row is the header. Columns, in this order:

 A Группа              group name, e.g. ЛД-1-24 (empty only for listeners)
 B Программа           programme code, e.g. ld (the group is created when new)
 C Год набора          intake year of a new group, e.g. 2024
 D Форма обучения      очная | заочная | смешанная (of a new group)
 E Группа ДОТ          да | нет (п. 4.7: a DOT group)
 F Фамилия             last name
 G Имя                 first name
 H Отчество            patronymic (optional)
 I Номер зачётки       record book number (unique)
 J Логин               login (optional; the record book number when empty)
 K E-mail              for the password reset (optional)
 L Слушатель           да | нет (a listener of a non-degree course)
 M Дата зачисления     dd.mm.yyyy (optional; 1 September of the intake year)

Parsing never writes: it returns clean rows or errors naming the row and the column in
the user's language. ``students_import`` then writes everything in one transaction.
The file is recognised by its content (an XLSX workbook starts with a ZIP header; CSV is
text in UTF-8 or Windows-1251, separated by «;», «,» or a tab), never by its name.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from dot.accounts.models import User

from .models import EducationLevel, Programme, Student, StudentGroup, StudyForm
from .people_services import group_create, student_account_create

HEADERS = [
    "Группа",
    "Программа",
    "Год набора",
    "Форма обучения",
    "Группа ДОТ",
    "Фамилия",
    "Имя",
    "Отчество",
    "Номер зачётки",
    "Логин",
    "E-mail",
    "Слушатель",
    "Дата зачисления",
]
FORM_WORDS = {
    "очная": StudyForm.FULL_TIME,
    "очно": StudyForm.FULL_TIME,
    "full_time": StudyForm.FULL_TIME,
    "заочная": StudyForm.EXTRAMURAL,
    "заочно": StudyForm.EXTRAMURAL,
    "extramural": StudyForm.EXTRAMURAL,
    "смешанная": StudyForm.BLENDED,
    "blended": StudyForm.BLENDED,
}
YES = {"да", "yes", "1", "+", "true", "ооба"}
NO = {"", "нет", "no", "0", "-", "false", "жок"}
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LOGIN_RE = re.compile(r"^[\w.@+-]+$")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s, column «%(column)s»: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class ImportFileError(Exception):
    """The upload is not a readable XLSX or CSV file of the template."""


@dataclass
class NewGroup:
    name: str
    programme: Programme
    intake_year: int
    study_form: str
    is_dot_group: bool
    row: int


@dataclass
class StudentRow:
    row: int
    group_name: str
    programme: Programme
    last_name: str
    first_name: str
    patronymic: str
    record_book_number: str
    username: str
    email: str
    is_listener: bool
    enrolled_on: datetime.date


@dataclass
class ImportReport:
    errors: list[RowError] = field(default_factory=list)
    groups_created: int = 0
    students_created: int = 0
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def template_bytes() -> bytes:
    """The empty template with two example rows."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Студенты"
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.append(
        ["ЛД-1-24", "ld", 2024, "очная", "нет", "Иманалиева", "Айпери", "Бакытовна",
         "ЛД-24-0101", "", "aiperi@example.org", "нет", "01.09.2024"]
    )  # fmt: skip
    ws.append(
        ["", "kpk-digital", "", "", "", "Петров", "Иван", "", "КПК-26-0102", "petrov.i",
         "", "да", "01.10.2026"]
    )  # fmt: skip
    for i, width in enumerate([12, 14, 11, 15, 11, 16, 14, 16, 15, 14, 24, 11, 16]):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return str(value).strip()


def _limit() -> int:
    return int(getattr(settings, "DOT_IMPORT_MAX_BYTES", 5 * 1024 * 1024))


def read_rows(upload: IO[bytes], *, size: int | None = None) -> list[tuple[int, list[Any]]]:
    """Rows after the header (row number, cells) of an XLSX or CSV upload."""
    limit = _limit()
    data = upload.read(limit + 1)
    if len(data) > limit or (size is not None and size > limit):
        raise ImportFileError(
            _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}
        )
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        rows = _xlsx_rows(data)
    else:
        rows = _csv_rows(data)
    if not rows or _text(rows[0][1][0] if rows[0][1] else "").lower() != "группа":
        raise ImportFileError(
            _("Row 1 must be the header of the template («Группа», «Программа», …).")
        )
    return rows[1:]


def _xlsx_rows(data: bytes) -> list[tuple[int, list[Any]]]:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportFileError(_("The file is neither an XLSX workbook nor CSV text."))
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        ws = wb.worksheets[0]
        rows = [
            (i, list(r))
            for i, r in enumerate(ws.iter_rows(values_only=True, max_col=len(HEADERS)), start=1)
        ]
        wb.close()
    except Exception as exc:  # openpyxl raises many kinds on broken files
        raise ImportFileError(
            _("The workbook cannot be read. Save it again as .xlsx and retry.")
        ) from exc
    return rows


def _csv_rows(data: bytes) -> list[tuple[int, list[Any]]]:
    if b"\x00" in data:
        raise ImportFileError(_("The file is neither an XLSX workbook nor CSV text."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1251")
        except UnicodeDecodeError as exc:
            raise ImportFileError(_("The CSV file must be in UTF-8 or Windows-1251.")) from exc
    first = text.splitlines()[0] if text.splitlines() else ""
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        return [(i, row[: len(HEADERS)]) for i, row in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file cannot be read: %(e)s") % {"e": exc}) from exc


def _date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a date only
        except ValueError:
            continue
    raise ValueError(text)


def parse_rows(
    rows: list[tuple[int, list[Any]]], *, programmes: dict[str, Programme]
) -> tuple[list[NewGroup], list[StudentRow], list[RowError]]:
    """Validate every row against the catalogue; ``programmes`` are those the importing
    dean's office keeps (by code)."""
    errors: list[RowError] = []
    new_groups: dict[str, NewGroup] = {}
    students: list[StudentRow] = []
    cells_by_row = [(n, list(r) + [None] * (len(HEADERS) - len(r))) for n, r in rows]
    group_names = {_text(c[0]) for _n, c in cells_by_row if _text(c[0])}
    existing_groups = {
        g.name: g
        for g in StudentGroup.objects.filter(name__in=group_names).select_related("programme")
    }
    books = {_text(c[8]) for _n, c in cells_by_row if _text(c[8])}
    taken_books = set(
        Student.objects.filter(record_book_number__in=books).values_list(
            "record_book_number", flat=True
        )
    )
    logins = {(_text(c[9]) or _text(c[8])).lower() for _n, c in cells_by_row}
    taken_logins = {
        u.lower()
        for u in User.objects.filter(username__in=[x for x in logins if x]).values_list(
            "username", flat=True
        )
    }
    # username__in is case-sensitive on PostgreSQL: check the rest case-insensitively.
    seen_books: dict[str, int] = {}
    seen_logins: dict[str, int] = {}

    for number, cells in cells_by_row:
        if all(_text(c) == "" for c in cells):
            continue

        def err(col: int, message: str, number: int = number) -> None:
            errors.append(RowError(number, HEADERS[col], message))

        group_name = _text(cells[0])
        code = _text(cells[1])
        programme = programmes.get(code.lower())
        if not code:
            err(1, _("enter the programme code."))
        elif programme is None:
            err(1, _("programme «%(code)s» is not one of your faculty's.") % {"code": code})

        listener_text = _text(cells[11]).lower()
        is_listener = listener_text in YES
        if not is_listener and listener_text not in NO:
            err(11, _("write «да» or «нет»."))
        if programme is not None and programme.level == EducationLevel.NON_DEGREE:
            is_listener = True

        intake_year: int | None = None
        if group_name:
            if len(group_name) > 50:
                err(0, _("the name is longer than 50 characters."))
            existing = existing_groups.get(group_name)
            if existing is not None:
                intake_year = existing.intake_year
                if programme is not None and existing.programme_id != programme.pk:
                    err(
                        1,
                        _("group %(group)s belongs to programme «%(code)s».")
                        % {"group": group_name, "code": existing.programme.code},
                    )
                elif existing.programme.faculty_id not in {
                    p.faculty_id for p in programmes.values()
                }:
                    err(0, _("group %(group)s is not of your faculty.") % {"group": group_name})
            else:
                try:
                    intake_year = int(_text(cells[2]))
                    if not 2000 <= intake_year <= 2100:
                        raise ValueError
                except ValueError:
                    err(2, _("enter the intake year of the new group, e.g. 2024."))
                    intake_year = None
                form = FORM_WORDS.get(_text(cells[3]).lower())
                if form is None:
                    err(3, _("write one of: очная, заочная, смешанная."))
                elif programme is not None and not programme.allows_form(form):
                    err(3, _("the programme is not licensed for this form of study."))
                dot_text = _text(cells[4]).lower()
                if dot_text not in YES | NO:
                    err(4, _("write «да» or «нет»."))
                if programme is not None and form is not None and intake_year is not None:
                    spec = NewGroup(
                        group_name, programme, intake_year, form, dot_text in YES, number
                    )
                    first = new_groups.setdefault(group_name, spec)
                    if (first.programme, first.intake_year, first.study_form) != (
                        spec.programme,
                        spec.intake_year,
                        spec.study_form,
                    ):
                        err(
                            0,
                            _("the group is described differently on row %(row)s.")
                            % {"row": first.row},
                        )
        elif not is_listener:
            err(0, _("enter the group: only listeners may have none."))

        last_name, first_name = _text(cells[5]), _text(cells[6])
        if not last_name:
            err(5, _("enter the last name."))
        if not first_name:
            err(6, _("enter the first name."))
        patronymic = _text(cells[7])
        for col, value in ((5, last_name), (6, first_name), (7, patronymic)):
            if len(value) > 150:
                err(col, _("the text is longer than 150 characters."))

        book = _text(cells[8])
        if not book:
            err(8, _("enter the record book number."))
        elif len(book) > 30:
            err(8, _("the number is longer than 30 characters."))
        elif book in taken_books:
            err(8, _("record book %(n)s is already in the register.") % {"n": book})
        elif book in seen_books:
            err(8, _("the number repeats row %(row)s.") % {"row": seen_books[book]})
        else:
            seen_books[book] = number

        login = _text(cells[9]) or book
        if login:
            key = login.lower()
            if len(login) > 150 or not LOGIN_RE.match(login):
                err(9, _("use letters, digits and . @ + - _ only (at most 150)."))
            elif key in taken_logins or User.objects.filter(username__iexact=login).exists():
                err(9, _("login «%(login)s» is already taken.") % {"login": login})
            elif key in seen_logins:
                err(9, _("the login repeats row %(row)s.") % {"row": seen_logins[key]})
            else:
                seen_logins[key] = number

        email = _text(cells[10])
        if email:
            try:
                validate_email(email)
            except ValidationError:
                err(10, _("enter a valid e-mail address."))

        enrolled: datetime.date | None = None
        if _text(cells[12]):
            try:
                enrolled = _date(cells[12])
            except ValueError:
                err(12, _("write the date as dd.mm.yyyy."))
        elif intake_year is not None:
            enrolled = datetime.date(intake_year, 9, 1)
        else:
            err(12, _("enter the date of enrolment of a listener."))

        if programme is not None and enrolled is not None and book:
            students.append(
                StudentRow(
                    row=number,
                    group_name=group_name,
                    programme=programme,
                    last_name=last_name,
                    first_name=first_name,
                    patronymic=patronymic,
                    record_book_number=book,
                    username=login,
                    email=email,
                    is_listener=is_listener,
                    enrolled_on=enrolled,
                )
            )
    if not students and not errors:
        errors.append(RowError(2, HEADERS[0], _("the file has no rows.")))
    return list(new_groups.values()), students, errors


def students_import(
    *, actor: Any, upload: IO[bytes], size: int | None, programmes: dict[str, Programme]
) -> ImportReport:
    """Read, check and write the whole file in one transaction; nothing on any error."""
    report = ImportReport()
    try:
        rows = read_rows(upload, size=size)
    except ImportFileError as exc:
        report.errors.append(RowError(1, "—", str(exc)))
        return report
    new_groups, students, errors = parse_rows(rows, programmes=programmes)
    report.rows = len(students)
    if errors:
        report.errors = errors
        return report
    try:
        with transaction.atomic():
            groups: dict[str, StudentGroup] = {
                g.name: g
                for g in StudentGroup.objects.filter(name__in={s.group_name for s in students})
            }
            for spec in new_groups:
                groups[spec.name] = group_create(
                    actor=actor,
                    name=spec.name,
                    programme=spec.programme,
                    intake_year=spec.intake_year,
                    study_form=spec.study_form,
                    is_dot_group=spec.is_dot_group,
                )
                report.groups_created += 1
            for row in students:
                try:
                    student_account_create(
                        actor=actor,
                        username=row.username,
                        last_name=row.last_name,
                        first_name=row.first_name,
                        patronymic=row.patronymic,
                        email=row.email,
                        programme=row.programme,
                        group=groups.get(row.group_name) if row.group_name else None,
                        record_book_number=row.record_book_number,
                        is_listener=row.is_listener,
                        enrolled_on=row.enrolled_on,
                    )
                except ValidationError as exc:
                    for key, messages in exc.message_dict.items():
                        column = {"username": 9, "record_book_number": 8, "group": 0}.get(key, 0)
                        for message in messages:
                            report.errors.append(RowError(row.row, HEADERS[column], message))
                    raise
                report.students_created += 1
    except ValidationError:
        report.groups_created = report.students_created = 0
        if not report.errors:
            report.errors.append(RowError(1, "—", _("The file was not imported.")))
    return report
