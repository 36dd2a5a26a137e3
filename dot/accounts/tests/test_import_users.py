"""Bulk import of users from CSV/XLSX: every row checked, all or nothing."""

import datetime
import io

import openpyxl
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dot.accounts.models import Role, RoleAssignment, User

HEADER = "last_name,first_name,patronymic,username,email,phone,position,role,unit_code,valid_from,valid_to"
GOOD_ROWS = [
    "Асанова,Айгерим,Бакытовна,aasanova,aasanova@example.org,+996555000111,Доцент,teacher,kd,2025-09-01,",
    "Бекова,Нургуль,,nbekova,nbekova@example.org,,Студент,student,med,01.09.2025,30.06.2029",
    "Садыков,Эмиль,Русланович,esadykov,esadykov@example.org,,,,,,",
]


def _csv(rows, encoding="utf-8", header=HEADER, sep=","):
    text = "\n".join([header, *rows]).replace(",", sep) + "\n"
    return SimpleUploadedFile("users.csv", text.encode(encoding), content_type="text/csv")


def _xlsx(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("users.xlsx", out.getvalue())


def _upload(client, upload, send_links=True):
    data = {"file": upload}
    if send_links:
        data["send_links"] = "on"
    return client.post(reverse("manage_users:import"), data)


def test_good_csv_previews_then_imports_users_with_roles(
    client, uni, it_staff, django_capture_on_commit_callbacks
):
    client.force_login(it_staff)

    preview = _upload(client, _csv(GOOD_ROWS))
    assert preview.status_code == 200
    assert preview.context["report"].ok
    assert not User.objects.filter(username="aasanova").exists()  # nothing before confirm

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("manage_users:import_confirm"))

    assert done.status_code == 302
    assert set(
        User.objects.filter(username__in=["aasanova", "nbekova", "esadykov"]).values_list(
            "username", flat=True
        )
    ) == {"aasanova", "nbekova", "esadykov"}
    teacher = RoleAssignment.objects.get(user__username="aasanova")
    assert (teacher.role, teacher.unit, teacher.valid_from) == (
        Role.TEACHER,
        uni["kd"],
        datetime.date(2025, 9, 1),
    )
    student = RoleAssignment.objects.get(user__username="nbekova")
    assert (student.valid_from, student.valid_to) == (
        datetime.date(2025, 9, 1),
        datetime.date(2029, 6, 30),
    )
    assert not RoleAssignment.objects.filter(user__username="esadykov").exists()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "aasanova@example.org",
        "esadykov@example.org",
        "nbekova@example.org",
    ]


def test_bad_rows_are_reported_and_nothing_is_imported(client, uni, it_staff, make_user):
    make_user(username="taken", email="taken@example.org")
    rows = [
        GOOD_ROWS[0],
        ",Пётр,,petr,not-an-email,,,teacher,kd,,",  # no surname, bad e-mail
        "Иванов,Иван,,taken,new@example.org,,,dean,kd,,",  # login taken; dean in a department
        "Петров,Пётр,,aasanova,aasanova@example.org,,,wizard,nowhere,2025-13-01,",
        "Сидоров,Сидор,,sidorov,sidorov@example.org,,,teacher,kd,2026-02-01,2026-01-01",
    ]
    client.force_login(it_staff)

    response = _upload(client, _csv(rows))

    errors = {(e.row, e.column, e.message) for e in response.context["report"].errors}
    assert errors == {
        (3, "last_name", "Обязательное поле."),
        (3, "email", "Введите правильный адрес электронной почты."),
        (4, "username", "Пользователь с таким логином уже существует."),
        (
            4,
            "unit_code",
            "Роль «Декан» назначается в подразделениях вида: Факультет; "
            "«Кафедра КД» к ним не относится.",
        ),
        (5, "username", "Такой же логин уже указан в строке 2."),
        (5, "email", "Такой же адрес электронной почты уже указан в строке 2."),
        (5, "role", "Неизвестная роль «wizard»."),
        (5, "unit_code", "Неизвестный код подразделения «nowhere»."),
        (5, "valid_from", "Введите дату в формате ГГГГ-ММ-ДД или ДД.ММ.ГГГГ."),
        (6, "valid_to", "Дата окончания не может быть раньше даты начала."),
    }
    assert "Ничего не импортировано" in response.content.decode()
    assert not User.objects.filter(username__in=["aasanova", "sidorov", "petr"]).exists()
    # Confirming without a clean preview imports nothing either.
    client.post(reverse("manage_users:import_confirm"))
    assert not User.objects.filter(username="aasanova").exists()


def test_a_clash_at_confirm_time_rolls_back_the_whole_import(client, it_staff, make_user):
    client.force_login(it_staff)
    _upload(client, _csv(GOOD_ROWS))
    # Someone took the login between the preview and the confirmation.
    make_user(username="esadykov", email="other@example.org")

    response = client.post(reverse("manage_users:import_confirm"))

    assert response.status_code == 200
    assert [(e.row, e.column) for e in response.context["report"].errors] == [(4, "username")]
    assert not User.objects.filter(username__in=["aasanova", "nbekova"]).exists()


def test_good_xlsx_imports(client, uni, it_staff):
    client.force_login(it_staff)
    rows = [
        [
            "Токтогулова",
            "Айпери",
            "",
            "atoktogulova",
            "at@example.org",
            996555123456,
            "",
            "Преподаватель",
            "sd",
            datetime.datetime(2025, 9, 1),  # noqa: DTZ001 - a spreadsheet date cell
            None,
        ]
    ]

    preview = _upload(client, _xlsx(rows), send_links=False)
    assert preview.context["report"].ok
    client.post(reverse("manage_users:import_confirm"))

    user = User.objects.get(username="atoktogulova")
    assert user.phone == "996555123456"
    assignment = user.role_assignments.get()
    assert (assignment.role, assignment.unit, assignment.valid_from) == (
        Role.TEACHER,
        uni["sd"],
        datetime.date(2025, 9, 1),
    )


def test_cp1251_csv_with_semicolons_is_read(client, it_staff):
    client.force_login(it_staff)

    response = _upload(client, _csv(GOOD_ROWS, encoding="cp1251", sep=";"))

    report = response.context["report"]
    assert report.ok
    assert report.rows[0].raw["last_name"] == "Асанова"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n....", "Загрузите файл .csv или .xlsx"),
        ("users.xlsx", b"last_name,first_name\n", "Это не файл XLSX."),
        ("users.csv", b"PK\x03\x04fake zip", "не является текстовым файлом CSV"),
        ("users.csv", b"last_name\x00\x01\x02", "Это не текстовый файл CSV."),
        ("users.csv", b"name,mail\n1,2\n", "не хватает столбцов"),
    ],
)
def test_wrong_file_is_rejected_with_a_clear_message(client, it_staff, name, content, message):
    client.force_login(it_staff)

    response = _upload(client, SimpleUploadedFile(name, content))

    assert message in " ".join(response.context["form"].errors["file"])
    assert User.objects.count() == 1


def test_too_large_file_is_rejected(client, it_staff, settings):
    settings.DOT_IMPORT_MAX_BYTES = 100
    client.force_login(it_staff)

    response = _upload(client, _csv(GOOD_ROWS))

    assert "Файл слишком большой" in " ".join(response.context["form"].errors["file"])


def test_faculty_it_imports_only_into_its_faculty(client, uni, make_user):
    faculty_it = make_user(Role.IT_OFFICE, uni["med"], username="it_med")
    client.force_login(faculty_it)
    rows = [
        "Асанова,Айгерим,,aasanova,aasanova@example.org,,,teacher,em,,",
        "Бекова,Нургуль,,nbekova,nbekova@example.org,,,,,,",
    ]

    response = _upload(client, _csv(rows))

    errors = {(e.row, e.column) for e in response.context["report"].errors}
    assert errors == {(2, "unit_code"), (3, "role"), (3, "unit_code")}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_template_downloads_and_imports_back(client, uni, it_staff, fmt):
    client.force_login(it_staff)

    response = client.get(reverse("manage_users:import_template", args=[fmt]))
    upload = SimpleUploadedFile(f"template.{fmt}", response.content)
    preview = _upload(client, upload)

    assert response["Content-Disposition"] == f'attachment; filename="users-template.{fmt}"'
    assert preview.context["report"].ok
    assert preview.context["report"].rows[0].raw["username"] == "aivanova"


def test_import_page_is_404_for_teacher_and_redirects_anonymous(client, uni, make_user):
    assert client.get(reverse("manage_users:import")).status_code == 302
    client.force_login(make_user(Role.TEACHER, uni["kd"]))
    assert client.get(reverse("manage_users:import")).status_code == 404
    assert client.post(reverse("manage_users:import_confirm")).status_code == 404


def test_import_service_writes_nothing_when_a_later_row_fails(uni, it_staff, make_user):
    from django.core.exceptions import ValidationError

    from dot.accounts import imports, services

    table = [HEADER.split(","), *(row.split(",") for row in GOOD_ROWS)]
    report = imports.validate_rows(imports._table_to_rows(table), actor=it_staff)
    make_user(username="esadykov", email="other@example.org")

    with pytest.raises(ValidationError):
        services.users_import(actor=it_staff, rows=report.rows, send_links=False)

    assert not User.objects.filter(username__in=["aasanova", "nbekova"]).exists()
    assert not RoleAssignment.objects.filter(unit=uni["kd"]).exists()
