"""РУП import/export in the documented XLSX template: line by line, all or nothing."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from dot.academics import services, xlsx
from dot.academics.models import Discipline
from dot.academics.tests.factories import CurriculumFactory

pytestmark = pytest.mark.django_db

GOOD = [
    [1, "KD-101", "Пропедевтика", "kd", 5, 6, 36, 0, 54, 90, "экзамен", "нет", ""],
    [
        2,
        "KD-555",
        "Новая дисциплина",
        "Кафедра КД",
        5,
        "3,5",
        18,
        9,
        18,
        "60",
        "диф. зачёт",
        "",
        "",
    ],
    [3, "KD-556", "Курсовая работа", "kd", 6, 2, 0, 0, 0, 60, "курсовая работа", "да", "В1"],
]


def _xlsx(rows) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(xlsx.HEADERS)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("rup.xlsx", buf.getvalue(), content_type=xlsx.XLSX_MIME)


def _signatures(curriculum):
    return [xlsx.line_signature(x) for x in curriculum.lines.order_by("semester_number", "order")]


def test_one_bad_row_names_row_and_column_and_imports_nothing(draft, people, uni):
    # given a draft with one line, and a file whose row 3 has an unknown control form
    uni["kd"].short_name = "КД"
    uni["kd"].save()
    before = _signatures(draft)
    bad = [list(r) for r in GOOD]
    bad[1][10] = "коллоквиум"
    # when
    with translation.override("ru"), pytest.raises(services.CurriculumImportError) as info:
        services.curriculum_import_xlsx(
            curriculum=draft, upload=_xlsx(bad), actor=people["head_kd"]
        )
    # then the message names row 3 and the column, in Russian; nothing changed
    messages = [str(e) for e in info.value.row_errors]
    assert len(messages) == 1
    assert messages[0].startswith("Строка 3, столбец «Форма контроля»:")
    assert _signatures(draft) == before
    assert not Discipline.objects.filter(code="KD-555").exists()


def test_fixed_file_replaces_the_lines_and_adds_new_disciplines(draft, people, uni):
    uni["kd"].short_name = "Кафедра КД"
    uni["kd"].save()
    count = services.curriculum_import_xlsx(
        curriculum=draft, upload=_xlsx(GOOD), actor=people["head_kd"]
    )
    assert count == 3
    lines = list(draft.lines.order_by("order").select_related("discipline"))
    assert [(x.discipline.code, x.semester_number, x.ects) for x in lines] == [
        ("KD-101", 5, Decimal("6.00")),
        ("KD-555", 5, Decimal("3.50")),
        ("KD-556", 6, Decimal("2.00")),
    ]
    assert lines[1].lab_hours == Decimal("9")
    assert lines[1].control_form == "graded_credit"
    assert lines[2].is_elective is True
    assert lines[2].elective_group == "В1"
    assert Discipline.objects.get(code="KD-555").department == uni["kd"]


def test_export_then_import_gives_identical_lines(draft, people, uni):
    services.curriculum_import_xlsx(curriculum=draft, upload=_xlsx(GOOD), actor=people["head_kd"])
    exported = xlsx.export_curriculum(draft)
    other = CurriculumFactory.create(programme=draft.programme, intake_year=2027)
    upload = SimpleUploadedFile("export.xlsx", exported)
    services.curriculum_import_xlsx(curriculum=other, upload=upload, actor=people["head_kd"])
    assert _signatures(other) == _signatures(draft)
    assert load_workbook(io.BytesIO(exported)).active.max_row == 4


def test_a_file_that_is_not_xlsx_is_refused_by_content(draft, people):
    fake = SimpleUploadedFile(
        "rup.xlsx", b"\xd0\xcf\x11\xe0 old excel", content_type=xlsx.XLSX_MIME
    )
    with pytest.raises(xlsx.ImportFileError):
        services.curriculum_import_xlsx(curriculum=draft, upload=fake, actor=people["head_kd"])
    assert draft.lines.count() == 1


def test_several_errors_are_all_reported(draft, people):
    rows = [
        [1, "", "", "", 0, "abc", -1, 0, 0, 0, "экзамен", "может", ""],
        [2, "KD-101", "Пропедевтика", "kd", 1, 4, 30, 0, 30, 60, "экзамен", "нет", ""],
        [3, "KD-101", "Пропедевтика", "kd", 1, 4, 30, 0, 30, 60, "экзамен", "нет", ""],
    ]
    with translation.override("en"), pytest.raises(services.CurriculumImportError) as info:
        services.curriculum_import_xlsx(
            curriculum=draft, upload=_xlsx(rows), actor=people["head_kd"]
        )
    found = {(e.row, e.column) for e in info.value.row_errors}
    assert found == {
        (2, "Код дисциплины"),
        (2, "Семестр"),
        (2, "ECTS"),
        (2, "Лекции"),
        (2, "По выбору"),
        (4, "Код дисциплины"),
    }


def test_import_page_shows_row_errors_then_imports(client_for, draft, people):
    client = client_for(people["head_kd"])
    url = reverse("academics:curriculum_import", args=[draft.pk])
    bad = [list(r) for r in GOOD[:1]]
    bad[0][4] = 13
    response = client.post(url, {"file": _xlsx(bad)})
    assert response.status_code == 400
    assert "Строка 2, столбец «Семестр»" in response.content.decode()
    response = client.post(url, {"file": _xlsx(GOOD[:1])})
    assert response.status_code == 302
    assert list(draft.lines.values_list("discipline__code", "semester_number")) == [("KD-101", 5)]


def test_template_download(client_for, people):
    response = client_for(people["head_kd"]).get(reverse("academics:curriculum_template"))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in ws[1]] == xlsx.HEADERS
