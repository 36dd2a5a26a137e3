"""The public part works without logging in, in Russian, Kyrgyz and English (п. 5.3)."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from dot.org.models import OrgUnit, UnitKind
from dot.public.models import InfoPage, NormativeDocument
from dot.testing.factories import OrgUnitFactory

PUBLIC_URLS = [
    reverse("public:info"),
    reverse("public:page", args=["who-may-study"]),
    reverse("public:units"),
    reverse("public:documents"),
]

# What each page shows in each language: a UI string and a piece of demo content.
EXPECTED = {
    "ru": [
        "Кто может обучаться с применением ДОТ",
        "Факультеты и точки доступа",
        "не более 70 % объёма часов",
    ],
    "ky": [
        "ДОТ менен ким окуй алат",
        "Факультеттер жана жеткиликтүүлүк пункттары",
        "сааттарынын 70 %дан ашпаган көлөмү",
    ],
    "en": [
        "Who may study with DOT",
        "Faculties and access points",
        "at most 70 % of the curriculum hours",
    ],
}


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_pages_open_for_anonymous_in_russian_by_default(client, demo, url):
    response = client.get(url)

    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ru">' in body
    assert "Факультеты и точки доступа" in body


@pytest.mark.parametrize("lang", ["ru", "ky", "en"])
def test_info_page_in_each_language_by_cookie(client, demo, lang):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang

    response = client.get(reverse("public:page", args=["who-may-study"]))

    body = response.content.decode()
    assert f'<html lang="{lang}">' in body
    for text in EXPECTED[lang]:
        assert text in body
    assert "5.4.1–5.4.4" in body


HEADINGS = {
    "public:info": {
        "ru": "ДОТ в университете: информация для абитуриентов и студентов",
        "ky": "Университеттеги ДОТ: абитуриенттер жана студенттер үчүн маалымат",
        "en": "DOT at the university: information for applicants and students",
    },
    "public:units": {
        "ru": "Факультеты и точки доступа",
        "ky": "Факультеттер жана жеткиликтүүлүк пункттары",
        "en": "Faculties and access points",
    },
    "public:documents": {
        "ru": "Нормативные документы",
        "ky": "Ченемдик документтер",
        "en": "Normative documents",
    },
}
CONTENT = {
    "public:info": {"ru": "Что такое ДОТ", "ky": "ДОТ деген эмне", "en": "What DOT is"},
    "public:units": {
        "ru": "Кафедра клинических дисциплин",
        "ky": "Клиникалык дисциплиналар кафедрасы",
        "en": "Department of Clinical Disciplines",
    },
    "public:documents": {
        "ru": "Положение о применении дистанционных образовательных технологий",
        "ky": "аралыктан билим берүү технологияларын колдонуу жөнүндө жобо",
        "en": "Regulation on the use of distance learning technologies at RMU",
    },
}


@pytest.mark.parametrize("lang", ["ru", "ky", "en"])
@pytest.mark.parametrize("name", list(HEADINGS))
def test_public_pages_in_each_language(client, demo, name, lang):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang

    response = client.get(reverse(name))

    body = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in body
    assert f">{HEADINGS[name][lang]}</h1>" in body
    assert CONTENT[name][lang] in body


@pytest.mark.parametrize("lang", ["ky", "en"])
def test_language_switch_by_setlang_post(client, demo, lang):
    response = client.post(
        reverse("set_language"), {"language": lang, "next": reverse("public:units")}, follow=True
    )

    body = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("public:units")
    assert f'<html lang="{lang}">' in body
    assert EXPECTED[lang][1] in body


def test_page_without_translation_falls_back_to_russian_with_a_notice(client, demo):
    InfoPage.objects.create(slug="only-ru", title="Только по-русски", body="Текст на русском.")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(reverse("public:page", args=["only-ru"]))

    body = response.content.decode()
    assert "Текст на русском." in body
    assert "shown in Russian" in body


def test_unpublished_page_is_missing_for_anonymous(client, demo):
    InfoPage.objects.filter(slug="about").update(is_published=False)

    response = client.get(reverse("public:page", args=["about"]))

    assert response.status_code == 404
    assert "Что такое ДОТ" not in client.get(reverse("public:info")).content.decode()


def test_page_body_is_sanitised_on_display(client, demo):
    InfoPage.objects.create(
        slug="xss",
        title="Проверка",
        body='Текст <script>alert("x")</script><img src=x onerror="alert(1)">',
    )

    body = client.get(reverse("public:page", args=["xss"])).content.decode()

    assert 'alert("x")' not in body
    assert "onerror" not in body
    assert "Текст" in body


def test_units_page_lists_faculties_with_departments_and_access_points(client, demo):
    body = client.get(reverse("public:units")).content.decode()

    assert "Факультет «Лечебное дело и стоматология» (ЛДиС)" in body
    for dept in ("(ЕГД)", "(МФД)", "(КД)", "(СД)"):
        assert dept in body
    assert "Точка доступа ДОТ «Ош»" in body
    assert "г. Ош, ул. Ленина, 205, каб. 12" in body
    assert "osh@rmu.example" in body
    assert "Учебный отдел (УО)" not in body  # offices are not part of this list


def test_units_page_hides_inactive_units(client, demo):
    OrgUnit.objects.filter(code="ap-karakol").update(is_active=False)

    body = client.get(reverse("public:units")).content.decode()

    assert "Каракол" not in body
    assert "Ош" in body


def test_documents_page_lists_only_published_documents(client, demo):
    NormativeDocument.objects.create(
        title="Черновик приказа", code="П-1", link="/info/", is_published=False
    )

    body = client.get(reverse("public:documents")).content.decode()

    assert "СМК-П-ДОТ-8.5.1.19-2024" in body
    assert "11.11.2024" in body
    assert "Черновик приказа" not in body


def test_units_page_query_count_is_constant(client, demo, django_assert_max_num_queries):
    university = OrgUnit.objects.get(kind=UnitKind.UNIVERSITY)
    for i in range(15):
        faculty = OrgUnitFactory(kind=UnitKind.FACULTY, parent=university, name=f"Факультет {i}")
        for _j in range(4):
            OrgUnitFactory(kind=UnitKind.DEPARTMENT, parent=faculty)
        OrgUnitFactory(kind=UnitKind.ACCESS_POINT, parent=university, address=f"ул. {i}")

    with django_assert_max_num_queries(3):
        response = client.get(reverse("public:units"))

    assert response.content.decode().count('<th scope="row">') == 17


def test_documents_and_info_query_count_is_constant(client, demo, django_assert_max_num_queries):
    for i in range(30):
        NormativeDocument.objects.create(
            title=f"Документ {i}",
            code=f"Д-{i}",
            link="/info/",
            approved_on=datetime.date(2024, 1, 1),
            is_published=True,
        )
        InfoPage.objects.create(slug=f"p{i}", title=f"Страница {i}", body="Текст")

    with django_assert_max_num_queries(3):
        documents = client.get(reverse("public:documents"))
    with django_assert_max_num_queries(3):
        info = client.get(reverse("public:info"))

    assert documents.content.decode().count("<tr>") == 33
    assert "Страница 29" in info.content.decode()


def test_demo_seed_is_idempotent_and_keeps_edits(demo):
    from dot.public import demo as public_demo

    InfoPage.objects.filter(slug="about").update(title="Изменено учебным отделом")
    counts = (InfoPage.objects.count(), NormativeDocument.objects.count())

    public_demo.seed(demo)

    assert (InfoPage.objects.count(), NormativeDocument.objects.count()) == counts == (6, 2)
    assert InfoPage.objects.get(slug="about").title == "Изменено учебным отделом"
