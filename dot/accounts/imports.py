"""Bulk import of users from CSV or XLSX: reading, checking every row, and the template.

The file must follow the template (``TEMPLATE_COLUMNS``, header in the first row). Every
row is checked before anything is written; the import itself (``services.users_import``)
runs in one transaction, so one bad row means nothing is imported.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dot.org.models import OrgUnit

from . import permissions
from .forms import USERNAME_VALIDATOR
from .models import Role, User
from .services import role_unit_problem

TEMPLATE_COLUMNS = [
    "last_name",
    "first_name",
    "patronymic",
    "username",
    "email",
    "phone",
    "position",
    "role",
    "unit_code",
    "valid_from",
    "valid_to",
]
REQUIRED_COLUMNS = ["last_name", "first_name", "username", "email"]
MAX_LENGTHS = {
    "last_name": 150,
    "first_name": 150,
    "patronymic": 150,
    "username": 150,
    "email": 254,
    "phone": 50,
    "position": 255,
}
MAX_ROWS = 5000

COLUMN_HELP = {
    "last_name": gettext_lazy("Surname. Required."),
    "first_name": gettext_lazy("First name. Required."),
    "patronymic": gettext_lazy("Patronymic, if any."),
    "username": gettext_lazy("Login: letters, digits and @/./+/-/_. Required, unique."),
    "email": gettext_lazy("E-mail. Required, unique."),
    "phone": gettext_lazy("Phone."),
    "position": gettext_lazy("Position, e.g. «Доцент кафедры КД»."),
    "role": gettext_lazy("Role code from the list below (or its name). Together with unit_code."),
    "unit_code": gettext_lazy("Code of the unit where the role is held."),
    "valid_from": gettext_lazy("First day of the role: YYYY-MM-DD or DD.MM.YYYY. Optional."),
    "valid_to": gettext_lazy("Last day of the role (inclusive). Optional."),
}

EXAMPLE_ROW = [
    "Иванова",
    "Айгерим",
    "Бакытовна",
    "aivanova",
    "aivanova@example.org",
    "+996 555 000 111",
    "Старший преподаватель",
    "teacher",
    "kd",
    "2025-09-01",
    "",
]


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, too big, no header)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RowError:
    row: int  # the row number as the spreadsheet shows it (header = 1)
    column: str
    message: str


@dataclass
class ImportRow:
    row: int
    raw: dict[str, str]
    role: str = ""
    unit: OrgUnit | None = None
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label) if self.role else "—"


@dataclass
class ImportReport:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


# --- Reading ----------------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table_to_rows(table: list[list[str]]) -> list[tuple[int, dict[str, str]]]:
    if not table:
        raise ImportFileError(_("The file is empty."))
    header = [h.strip().lower().lstrip("\ufeff") for h in table[0]]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ImportFileError(
            _("The first row must be the template's header; missing columns: %(cols)s.")
            % {"cols": ", ".join(missing)}
        )
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        values = {
            name: (cells[i].strip() if i < len(cells) else "")
            for i, name in enumerate(header)
            if name in TEMPLATE_COLUMNS
        }
        rows.append((number, {c: values.get(c, "") for c in TEMPLATE_COLUMNS}))
    if not rows:
        raise ImportFileError(_("The file has a header but no rows."))
    if len(rows) > MAX_ROWS:
        raise ImportFileError(_("Too many rows: at most %(max)d in one file.") % {"max": MAX_ROWS})
    return rows


def _read_csv(data: bytes) -> list[list[str]]:
    if b"\x00" in data:
        raise ImportFileError(_("This is not a text CSV file."))
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("The CSV file must be in UTF-8 or Windows-1251 encoding."))
    first = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count)
    return [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _read_xlsx(data: bytes) -> list[list[str]]:
    import openpyxl

    buffer = io.BytesIO(data)
    if not zipfile.is_zipfile(buffer):
        raise ImportFileError(_("This is not a real XLSX file."))
    try:
        with zipfile.ZipFile(buffer) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise ImportFileError(_("This is not a real XLSX file."))
        buffer.seek(0)
        workbook = openpyxl.load_workbook(buffer, read_only=True, data_only=True)
    except ImportFileError:
        raise
    except Exception as error:  # openpyxl raises many kinds on damaged files
        raise ImportFileError(_("The XLSX file cannot be read.")) from error
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def read_upload(upload: Any) -> list[tuple[int, dict[str, str]]]:
    """Rows ``(row_number, {column: text})`` of an uploaded CSV or XLSX file."""
    name = (getattr(upload, "name", "") or "").lower()
    size = getattr(upload, "size", None) or 0
    if size > settings.DOT_IMPORT_MAX_BYTES:
        raise ImportFileError(
            _("The file is too large: at most %(mb).1f MB.")
            % {"mb": settings.DOT_IMPORT_MAX_BYTES / 1024 / 1024}
        )
    data = upload.read(settings.DOT_IMPORT_MAX_BYTES + 1)
    if len(data) > settings.DOT_IMPORT_MAX_BYTES:
        raise ImportFileError(
            _("The file is too large: at most %(mb).1f MB.")
            % {"mb": settings.DOT_IMPORT_MAX_BYTES / 1024 / 1024}
        )
    is_zip = data[:4] == b"PK\x03\x04"
    if name.endswith(".xlsx"):
        return _table_to_rows(_read_xlsx(data))
    if name.endswith(".csv") or name.endswith(".txt"):
        if is_zip:
            raise ImportFileError(_("The file is named .csv but is not a text CSV file."))
        return _table_to_rows(_read_csv(data))
    raise ImportFileError(_("Upload a .csv or .xlsx file made from the template."))


# --- Checking -----------------------------------------------------------------------------------


def _parse_date(text: str) -> datetime.date:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a date
        except ValueError:
            continue
    raise ValueError(text)


def _role_lookup() -> dict[str, str]:
    """Role codes and names (in every language) → code."""
    lookup: dict[str, str] = {}
    for role in Role:
        lookup[role.value] = role.value
        for lang, _name in settings.LANGUAGES:
            with translation.override(lang):
                lookup[str(role.label).lower()] = role.value
    return lookup


def validate_rows(rows: list[tuple[int, dict[str, str]]], *, actor: Any) -> ImportReport:
    """Check every row: required fields, formats, duplicates in the file and the portal,
    known roles and unit codes within the actor's scope, dates."""
    report = ImportReport()
    errors = report.errors
    roles = _role_lookup()
    usernames = [r["username"].lower() for _n, r in rows if r["username"]]
    emails = [r["email"].lower() for _n, r in rows if r["email"]]
    # Logins and e-mails are compared case-insensitively (SQLite lowers ASCII only; logins
    # and e-mails are ASCII in practice).
    taken_usernames = set(
        User.objects.annotate(key=Lower("username"))
        .filter(key__in=set(usernames))
        .values_list("key", flat=True)
    )
    taken_emails = set(
        User.objects.annotate(key=Lower("email"))
        .filter(key__in=set(emails))
        .values_list("key", flat=True)
    )
    codes = {r["unit_code"] for _n, r in rows if r["unit_code"]}
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
    restricted = permissions.must_give_initial_role(actor)
    seen_usernames: dict[str, int] = {}
    seen_emails: dict[str, int] = {}

    for number, raw in rows:
        item = ImportRow(row=number, raw=raw)

        def err(column: str, message: str, _n: int = number) -> None:
            errors.append(RowError(_n, column, message))

        for column in REQUIRED_COLUMNS:
            if not raw[column]:
                err(column, _("This field is required."))
        for column, limit in MAX_LENGTHS.items():
            if len(raw[column]) > limit:
                err(column, _("Too long: at most %(max)d characters.") % {"max": limit})

        username = raw["username"]
        if username:
            try:
                USERNAME_VALIDATOR(username)
            except ValidationError:
                err("username", _("Only letters, digits and @/./+/-/_ are allowed."))
            key = username.lower()
            if key in seen_usernames:
                err(
                    "username",
                    _("The same login is already in row %(row)d.") % {"row": seen_usernames[key]},
                )
            else:
                seen_usernames[key] = number
            if key in taken_usernames:
                err("username", _("A user with this login already exists."))

        email = raw["email"]
        if email:
            try:
                validate_email(email)
            except ValidationError:
                err("email", _("Enter a valid e-mail address."))
            key = email.lower()
            if key in seen_emails:
                err(
                    "email",
                    _("The same e-mail is already in row %(row)d.") % {"row": seen_emails[key]},
                )
            else:
                seen_emails[key] = number
            if key in taken_emails:
                err("email", _("A user with this e-mail already exists."))

        if raw["role"]:
            code = roles.get(raw["role"].strip().lower())
            if code is None:
                err("role", _("Unknown role «%(value)s».") % {"value": raw["role"]})
            else:
                item.role = code
        elif raw["unit_code"] or restricted:
            err("role", _("This field is required."))
        if raw["unit_code"]:
            unit = units.get(raw["unit_code"])
            if unit is None:
                err("unit_code", _("Unknown unit code «%(value)s».") % {"value": raw["unit_code"]})
            elif not permissions.in_scope(actor, unit):
                err("unit_code", _("This unit is outside the units you manage."))
            else:
                item.unit = unit
        elif raw["role"] or restricted:
            err("unit_code", _("This field is required."))
        if item.role and item.unit is not None:
            problem = role_unit_problem(item.role, item.unit)
            if problem:
                err("unit_code", problem)

        for column in ("valid_from", "valid_to"):
            if raw[column]:
                try:
                    setattr(item, column, _parse_date(raw[column]))
                except ValueError:
                    err(column, _("Enter a date as YYYY-MM-DD or DD.MM.YYYY."))
        if (raw["valid_from"] or raw["valid_to"]) and not raw["role"]:
            err("role", _("Dates are given but no role."))
        if item.valid_from and item.valid_to and item.valid_to < item.valid_from:
            err("valid_to", _("The end date cannot be earlier than the start date."))
        report.rows.append(item)
    return report


# --- The template ------------------------------------------------------------------------------


def template_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(TEMPLATE_COLUMNS)
    writer.writerow(EXAMPLE_ROW)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "users"
    sheet.append(TEMPLATE_COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(EXAMPLE_ROW)
    for index, _column in enumerate(TEMPLATE_COLUMNS, start=1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = 20
    help_sheet = workbook.create_sheet("help")
    help_sheet.append([_("Column"), _("What to enter")])
    for column in TEMPLATE_COLUMNS:
        help_sheet.append([column, str(COLUMN_HELP[column])])
    help_sheet.append([])
    help_sheet.append([_("Role code"), _("Role")])
    for role in Role:
        help_sheet.append([role.value, str(role.label)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
