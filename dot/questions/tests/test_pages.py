"""Pages: the four callers, editor validation, versions, preview, hide/move, import, export."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dot.academics.models import TeachingAssignment
from dot.accounts.models import Role
from dot.questions import qtypes, services
from dot.questions.factories import make_question
from dot.questions.models import Category, Question, QuestionVersion


def _cur(question: Question) -> QuestionVersion:
    assert question.current is not None
    return question.current


pytestmark = pytest.mark.django_db


def _login(client: Any, user: Any) -> None:
    client.force_login(user)


def test_four_callers_on_bank_page(
    client: Any, bank: Any, head: Any, other_head: Any, student: Any
) -> None:
    url = reverse("questions:bank", args=[bank.pk])
    response = client.get(url)
    assert response.status_code == 302  # anonymous → login
    _login(client, student)
    assert client.get(url).status_code == 404  # wrong role
    assert client.get(reverse("questions:index")).status_code == 404
    _login(client, other_head)
    assert client.get(url).status_code == 404  # right role, another department
    _login(client, head)
    assert client.get(url).status_code == 200


def test_teacher_of_the_discipline_shares_the_bank(
    client: Any, bank: Any, uni: dict[str, Any], make_user: Any
) -> None:
    teacher = make_user(Role.TEACHER, uni["em"], username="guest")
    url = reverse("questions:bank", args=[bank.pk])
    _login(client, teacher)
    assert client.get(url).status_code == 404
    from dot.questions.permissions import visible_to

    assert not visible_to(teacher).exists()
    TeachingAssignment.objects.model  # noqa: B018 - the model exists
    _assign(teacher, bank.discipline)
    assert client.get(url).status_code == 200


def _assign(teacher: Any, discipline: Any) -> None:
    from django.db import connection

    fields = {f.name for f in TeachingAssignment._meta.get_fields()}
    assert "teacher" in fields
    # A minimal assignment: only the columns this app relies on are meaningful here.
    from dot.academics.models import AcademicYear, Semester, StudentGroup

    del connection
    import datetime

    year = AcademicYear.objects.create(
        title="2026–2027", start=datetime.date(2026, 9, 1), end=datetime.date(2027, 6, 30)
    )
    semester = Semester.objects.create(
        academic_year=year,
        number=1,
        start=datetime.date(2026, 9, 1),
        end=datetime.date(2027, 1, 31),
    )
    group = StudentGroup.objects.filter().first()
    kwargs: dict[str, Any] = {"teacher": teacher, "discipline": discipline, "semester": semester}
    if group is not None:
        kwargs["group"] = group
    TeachingAssignment.objects.create(**kwargs)


def test_bank_list_and_create(client: Any, head: Any, bank: Any) -> None:
    _login(client, head)
    response = client.get(reverse("questions:index"))
    assert response.status_code == 200
    assert bank.title in response.content.decode()
    response = client.post(
        reverse("questions:bank_create"), {"discipline": bank.discipline_id, "title": "Второй банк"}
    )
    assert response.status_code == 302


def test_bank_page_constant_queries(
    client: Any, bank: Any, head: Any, django_assert_max_num_queries: Any
) -> None:
    top = services.top_category(bank)
    for qtype in qtypes.TYPES:
        make_question(category=top, qtype=qtype)
    _login(client, head)
    url = reverse("questions:bank", args=[bank.pk])
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    for qtype in qtypes.TYPES * 3:
        make_question(category=top, qtype=qtype)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url + "?qtype=single&q=Столица")
    assert response.status_code == 200
    assert response.content.decode().count(">Столица Кыргызстана</a>") == 4


def test_create_with_errors_then_valid(client: Any, bank: Any, head: Any) -> None:
    _login(client, head)
    top = services.top_category(bank)
    url = reverse("questions:question_create", args=[bank.pk, "single"])
    assert client.get(url).status_code == 200
    bad = {
        "category": top.pk, "name": "", "text": "<p>Q</p>", "default_mark": "1",
        "opt-1-text": "A", "opt-1-fraction": "50", "opt-2-text": "B", "opt-2-fraction": "abc",
    }  # fmt: skip
    response = client.post(url, bad)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Дайте вопросу название." in page
    assert "Один вариант должен оцениваться в 100 %." in page
    assert "оценка — процент" in page
    assert not Question.objects.exists()
    good = {
        **bad,
        "name": "Q1",
        "opt-1-fraction": "100",
        "opt-2-fraction": "0",
        "text": "<p>Q <script>x</script></p>",
    }
    response = client.post(url, good)
    assert response.status_code == 302
    question = Question.objects.get()
    assert _cur(question).text == "<p>Q </p>"
    assert _cur(question).data["options"][0]["fraction"] == "1"


@pytest.mark.parametrize("qtype", qtypes.TYPES)
def test_edit_every_type_keeps_versions(client: Any, bank: Any, head: Any, qtype: str) -> None:
    top = services.top_category(bank)
    question = make_question(category=top, qtype=qtype)
    _cur(question).data = qtypes.canonical(qtype, _cur(question).data)
    _cur(question).save()
    _login(client, head)
    url = reverse("questions:edit", args=[question.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = _form_values(page.content.decode())
    form["name"] = "Новое имя"
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    question.refresh_from_db()
    assert _cur(question).number == 2
    assert _cur(question).name == "Новое имя"
    assert question.versions.count() == 2
    first = question.versions.get(number=1)
    assert qtypes.canonical(qtype, _cur(question).data) == qtypes.canonical(qtype, first.data)


def _form_values(html: str) -> dict[str, Any]:
    """The values a browser would submit from the editor page."""
    from html.parser import HTMLParser

    values: dict[str, Any] = {}

    class P(HTMLParser):
        select: str | None = None
        textarea: str | None = None
        first_option: str | None = None

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = dict(attrs)
            name = a.get("name")
            if tag == "input" and name and name != "csrfmiddlewaretoken":
                kind = a.get("type", "text")
                if kind in ("checkbox", "radio"):
                    if "checked" in a:
                        values[name] = a.get("value") or "on"
                else:
                    values[name] = a.get("value") or ""
            elif tag == "select" and name:
                self.select, self.first_option = name, None
            elif tag == "option" and self.select:
                if self.first_option is None:
                    self.first_option = a.get("value") or ""
                    values.setdefault(self.select, self.first_option)
                if "selected" in a:
                    values[self.select] = a.get("value") or ""
            elif tag == "textarea" and name:
                self.textarea = name
                values[name] = ""

        def handle_endtag(self, tag: str) -> None:
            if tag == "select":
                self.select = None
            if tag == "textarea":
                self.textarea = None

        def handle_data(self, data: str) -> None:
            if self.textarea:
                values[self.textarea] += data

    P(convert_charrefs=True).feed(html)
    return values


def test_preview_grades(client: Any, bank: Any, head: Any) -> None:
    question = make_question(category=services.top_category(bank), qtype="numeric")
    _login(client, head)
    url = reverse("questions:preview", args=[question.pk])
    page = client.get(url)
    assert 'name="p-value"' in page.content.decode()
    response = client.post(url, {"seed": "5", "version": "1", "p-value": "981", "p-unit": "см/с²"})
    assert "Оценка: 1" in response.content.decode()
    response = client.post(url, {"seed": "5", "p-value": "x"})
    assert "Введите число" in response.content.decode()


def test_hide_move_history(client: Any, bank: Any, head: Any) -> None:
    top = services.top_category(bank)
    sub = services.create_category(bank=bank, parent=top, name="Раздел", actor=None)
    question = make_question(category=top)
    _login(client, head)
    client.post(reverse("questions:hide", args=[question.pk]), {"hidden": "1"})
    question.refresh_from_db()
    assert question.is_hidden
    client.post(
        reverse("questions:move", args=[bank.pk]), {"question": [question.pk], "target": sub.pk}
    )
    question.refresh_from_db()
    assert question.category == sub
    assert client.get(reverse("questions:history", args=[question.pk])).status_code == 200


def test_categories(client: Any, bank: Any, head: Any) -> None:
    top = services.top_category(bank)
    _login(client, head)
    client.post(
        reverse("questions:category_create", args=[bank.pk]), {"parent": top.pk, "name": "Глава 1"}
    )
    child = Category.objects.get(name="Глава 1")
    assert child.path == f"{top.path}{child.pk}/"
    response = client.post(
        reverse("questions:category_create", args=[bank.pk]), {"parent": top.pk, "name": "Глава 1"}
    )
    assert response.status_code == 302
    assert Category.objects.filter(name="Глава 1").count() == 1
    client.post(reverse("questions:category_edit", args=[child.pk]), {"delete": "1"})
    assert not Category.objects.filter(pk=child.pk).exists()


def test_import_two_steps_and_export(client: Any, bank: Any, head: Any) -> None:
    _login(client, head)
    url = reverse("questions:import", args=[bank.pk])
    gift = "::Хороший::Два плюс два?{=4}\n\n::Плохой::Без ответа {=a\n"
    upload = SimpleUploadedFile("q.gift", gift.encode(), content_type="text/plain")
    response = client.post(url, {"format": "gift", "file": upload})
    page = response.content.decode()
    assert "строка 3" in page
    token = response.context["token"]
    response = client.post(url, {"token": token, "format": "gift"})
    assert response.status_code == 400
    assert not Question.objects.exists()
    response = client.post(url, {"token": token, "format": "gift", "import_valid": "1"})
    assert response.status_code == 302
    assert Question.objects.count() == 1
    export = client.get(reverse("questions:export", args=[bank.pk]) + "?format=xml")
    assert b"<quiz>" in export.content
    export = client.get(reverse("questions:export", args=[bank.pk]) + "?format=gift")
    assert "::Хороший::" in export.content.decode()


def test_image_upload_checked_and_served(client: Any, bank: Any, head: Any, student: Any) -> None:
    _login(client, head)
    url = reverse("questions:image_upload", args=[bank.pk])
    fake = SimpleUploadedFile("x.png", b"MZ\x90\x00 not an image", content_type="image/png")
    response = client.post(url, {"image": fake}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )
    response = client.post(
        url, {"image": SimpleUploadedFile("dot.png", png)}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200
    image_url = response.json()["url"]
    _login(client, student)
    served = client.get(image_url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"


def test_course_panel_for_bank_staff_only(bank: Any, head: Any, student: Any) -> None:
    from django.test import RequestFactory

    from dot.questions.panels import course_banks

    make_question(category=services.top_category(bank))

    class CourseStub:
        discipline_id = bank.discipline_id

    request = RequestFactory().get("/")
    request.user = student
    assert course_banks(request, CourseStub()) is None
    request.user = head
    context = course_banks(request, CourseStub())
    assert context is not None
    assert context["rows"][0]["total"] == 1


def test_junk_input_never_500(client: Any, bank: Any, head: Any) -> None:
    question = make_question(category=services.top_category(bank))
    _login(client, head)
    junk = "²x"
    assert (
        client.get(
            reverse("questions:bank", args=[bank.pk]) + f"?category={junk}&page=zz"
        ).status_code
        == 200
    )
    assert (
        client.post(
            reverse("questions:category_create", args=[bank.pk]), {"parent": junk}
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("questions:move", args=[bank.pk]),
            {"question": [junk, "99999999999999"], "target": junk},
        ).status_code
        == 302
    )
    assert (
        client.get(
            reverse("questions:preview", args=[question.pk]) + f"?version={junk}"
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("questions:preview", args=[question.pk]), {"seed": junk}).status_code
        == 200
    )
    create = reverse("questions:question_create", args=[bank.pk, "single"])
    assert client.post(create, {"category": junk, "name": "x"}).status_code == 400
    assert (
        client.get(reverse("questions:export", args=[bank.pk]) + f"?category={junk}").status_code
        == 200
    )
    assert client.get(f"/api/questions/questions/?bank={junk}&category=²").status_code == 200
    assert client.get(f"/api/questions/banks/{bank.pk}/export/?category={junk}").status_code == 404


def test_menu_check_costs_no_query(student: Any, head: Any, django_assert_num_queries: Any) -> None:
    from dot.accounts.roles import held_roles
    from dot.questions.permissions import is_bank_user

    held_roles(student)
    held_roles(head)
    with django_assert_num_queries(0):
        assert is_bank_user(student) is False
        assert is_bank_user(head) is True
