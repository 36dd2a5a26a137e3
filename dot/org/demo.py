"""The demo university: its structure and a user for every role of the regulation.

Idempotent: running it again updates what exists and adds what is missing. Later apps
extend the demo through their own ``demo.py`` modules (``seed(university_data)``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from dot.accounts.models import Role, RoleAssignment, User

from .models import OfficeType, OrgUnit, UnitKind

DEMO_PASSWORD = "demo1234"  # noqa: S105 - the demo's printed, public password


@dataclass(frozen=True)
class DemoUser:
    username: str
    last_name: str
    first_name: str
    patronymic: str
    position: str
    role: str
    unit_code: str


UNITS: list[dict[str, Any]] = [
    {
        "code": "rmu",
        "kind": UnitKind.UNIVERSITY,
        "parent": None,
        "name": "Образовательное учреждение «Роэль Метрополитен университет»",
        "name_ky": "«Роэль Метрополитен университети» билим берүү мекемеси",
        "name_en": "Roel Metropolitan University",
        "short_name": "ОУ «РМУ»",
        "address": "г. Бишкек",
        "email": "info@rmu.example",
    },
    {
        "code": "rectorate",
        "kind": UnitKind.OFFICE,
        "office_type": OfficeType.RECTORATE,
        "parent": "rmu",
        "name": "Ректорат",
        "name_ky": "Ректорат",
        "name_en": "Rectorate",
    },
    {
        "code": "uo",
        "kind": UnitKind.OFFICE,
        "office_type": OfficeType.ACADEMIC,
        "parent": "rmu",
        "name": "Учебный отдел (УО)",
        "name_ky": "Окуу бөлүмү",
        "name_en": "Academic office",
        "short_name": "УО",
    },
    {
        "code": "rio",
        "kind": UnitKind.OFFICE,
        "office_type": OfficeType.EDITORIAL,
        "parent": "rmu",
        "name": "Редакционно-издательский отдел (РИО)",
        "name_ky": "Редакциялык-басма бөлүмү",
        "name_en": "Editorial office",
        "short_name": "РИО",
    },
    {
        "code": "oitc",
        "kind": UnitKind.OFFICE,
        "office_type": OfficeType.IT,
        "parent": "rmu",
        "name": "Отдел информационных технологий и цифровизации (ОИТЦ)",
        "name_ky": "Маалыматтык технологиялар жана санариптештирүү бөлүмү",
        "name_en": "IT and digitalisation office",
        "short_name": "ОИТЦ",
    },
    {
        "code": "admissions",
        "kind": UnitKind.OFFICE,
        "office_type": OfficeType.ADMISSIONS,
        "parent": "rmu",
        "name": "Приёмная комиссия",
        "name_ky": "Кабыл алуу комиссиясы",
        "name_en": "Admissions committee",
    },
    {
        "code": "research",
        "kind": UnitKind.OFFICE,
        "office_type": OfficeType.RESEARCH,
        "parent": "rmu",
        "name": "Научный отдел",
        "name_ky": "Илимий бөлүм",
        "name_en": "Research office",
    },
    {
        "code": "fldis",
        "kind": UnitKind.FACULTY,
        "parent": "rmu",
        "name": "Факультет «Лечебное дело и стоматология» (ЛДиС)",
        "name_ky": "«Дарылоо иши жана стоматология» факультети",
        "name_en": "Faculty of General Medicine and Dentistry",
        "short_name": "ФЛДиС",
        "head_title": "Декан",
    },
    {
        "code": "fldis-deans",
        "kind": UnitKind.OFFICE,
        "office_type": OfficeType.DEANS_OFFICE,
        "parent": "fldis",
        "name": "Деканат факультета ЛДиС",
        "name_ky": "ДИжС факультетинин деканаты",
        "name_en": "Dean's office of the Faculty of Medicine and Dentistry",
    },
    {
        "code": "fldis-ums",
        "kind": UnitKind.OFFICE,
        "office_type": OfficeType.METHODS_COUNCIL,
        "parent": "fldis",
        "name": "Учебно-методический совет факультета ЛДиС",
        "name_ky": "ДИжС факультетинин окуу-методикалык кеңеши",
        "name_en": "Teaching-methods council of the Faculty of Medicine and Dentistry",
        "short_name": "УМС ЛДиС",
    },
    {
        "code": "egd",
        "kind": UnitKind.DEPARTMENT,
        "parent": "fldis",
        "name": "Кафедра естественно-гуманитарных дисциплин",
        "short_name": "ЕГД",
        "name_ky": "Табигый-гуманитардык дисциплиналар кафедрасы",
        "name_en": "Department of Natural Sciences and Humanities",
        "head_title": "Заведующий",
    },
    {
        "code": "mfd",
        "kind": UnitKind.DEPARTMENT,
        "parent": "fldis",
        "name": "Кафедра медико-фундаментальных дисциплин",
        "short_name": "МФД",
        "name_ky": "Медициналык-фундаменталдык дисциплиналар кафедрасы",
        "name_en": "Department of Fundamental Medical Sciences",
        "head_title": "Заведующий",
    },
    {
        "code": "kd",
        "kind": UnitKind.DEPARTMENT,
        "parent": "fldis",
        "name": "Кафедра клинических дисциплин",
        "short_name": "КД",
        "name_ky": "Клиникалык дисциплиналар кафедрасы",
        "name_en": "Department of Clinical Disciplines",
        "head_title": "Заведующий",
    },
    {
        "code": "sd",
        "kind": UnitKind.DEPARTMENT,
        "parent": "fldis",
        "name": "Кафедра стоматологических дисциплин",
        "short_name": "СД",
        "name_ky": "Стоматологиялык дисциплиналар кафедрасы",
        "name_en": "Department of Dentistry",
        "head_title": "Заведующий",
    },
    {
        "code": "fem",
        "kind": UnitKind.FACULTY,
        "parent": "rmu",
        "name": "Факультет экономики и менеджмента",
        "short_name": "ФЭиМ",
        "name_ky": "Экономика жана менеджмент факультети",
        "name_en": "Faculty of Economics and Management",
        "head_title": "Декан",
    },
    {
        "code": "fem-deans",
        "kind": UnitKind.OFFICE,
        "office_type": OfficeType.DEANS_OFFICE,
        "parent": "fem",
        "name": "Деканат факультета экономики и менеджмента",
        "name_ky": "Экономика жана менеджмент факультетинин деканаты",
        "name_en": "Dean's office of the Faculty of Economics and Management",
    },
    {
        "code": "em",
        "kind": UnitKind.DEPARTMENT,
        "parent": "fem",
        "name": "Кафедра экономики и менеджмента",
        "short_name": "ЭиМ",
        "name_ky": "Экономика жана менеджмент кафедрасы",
        "name_en": "Department of Economics and Management",
        "head_title": "Заведующий",
    },
    {
        "code": "it-dept",
        "kind": UnitKind.DEPARTMENT,
        "parent": "fem",
        "name": "Кафедра информационных систем в экономике",
        "short_name": "ИСЭ",
        "name_ky": "Экономикадагы маалыматтык системалар кафедрасы",
        "name_en": "Department of Information Systems in Economics",
        "head_title": "Заведующий",
    },
    {
        "code": "ap-osh",
        "kind": UnitKind.ACCESS_POINT,
        "parent": "rmu",
        "name": "Точка доступа ДОТ «Ош»",
        "name_ky": "«Ош» ДОТ жеткиликтүүлүк пункту",
        "name_en": "DOT access point “Osh”",
        "address": "г. Ош, ул. Ленина, 205, каб. 12",
        "phone": "+996 3222 5-55-01",
        "email": "osh@rmu.example",
    },
    {
        "code": "ap-karakol",
        "kind": UnitKind.ACCESS_POINT,
        "parent": "rmu",
        "name": "Точка доступа ДОТ «Каракол»",
        "name_ky": "«Каракол» ДОТ жеткиликтүүлүк пункту",
        "name_en": "DOT access point “Karakol”",
        "address": "г. Каракол, ул. Абдрахманова, 130",
        "phone": "+996 3922 5-10-20",
        "email": "karakol@rmu.example",
    },
]

USERS: list[DemoUser] = [
    DemoUser("rector", "Алымбеков", "Марат", "Нурланович", "Ректор", Role.RECTOR, "rmu"),
    DemoUser(
        "vicerector",
        "Уразбаева",
        "Назира",
        "Асановна",
        "Проректор по учебной работе",
        Role.VICE_RECTOR,
        "rmu",
    ),
    DemoUser(
        "uo",
        "Сопуева",
        "Эльмира",
        "Токтогуловна",
        "Начальник учебного отдела",
        Role.ACADEMIC_OFFICE,
        "uo",
    ),
    DemoUser(
        "rio", "Керимова", "Айгуль", "Бакытовна", "Редактор РИО", Role.EDITORIAL_OFFICE, "rio"
    ),
    DemoUser("oitc", "Исаков", "Нурбек", "Сапарович", "Инженер ОИТЦ", Role.IT_OFFICE, "oitc"),
    DemoUser(
        "admissions",
        "Осмонова",
        "Жылдыз",
        "Maратовна".replace("Ma", "Ма"),
        "Ответственный секретарь приёмной комиссии",
        Role.ADMISSIONS,
        "admissions",
    ),
    DemoUser(
        "research",
        "Токтосунов",
        "Эрлан",
        "Кубатович",
        "Начальник научного отдела",
        Role.RESEARCH_OFFICE,
        "research",
    ),
    DemoUser(
        "ums",
        "Абдыкадырова",
        "Гульнара",
        "Жумалиевна",
        "Председатель УМС факультета",
        Role.METHODS_COUNCIL,
        "fldis-ums",
    ),
    DemoUser(
        "dean", "Сапарова", "Асель", "Замирбековна", "Декан факультета ЛДиС", Role.DEAN, "fldis"
    ),
    DemoUser(
        "deanoffice",
        "Мамбетова",
        "Айпери",
        "Каныбековна",
        "Специалист деканата",
        Role.DEANS_OFFICE,
        "fldis",
    ),
    DemoUser(
        "head_egd",
        "Субанов",
        "Мирлан",
        "Талантбекович",
        "Заведующий кафедрой ЕГД",
        Role.HEAD_OF_DEPARTMENT,
        "egd",
    ),
    DemoUser(
        "head_mfd",
        "Жалилова",
        "Айнура",
        "Абдыраимовна",
        "Заведующая кафедрой МФД",
        Role.HEAD_OF_DEPARTMENT,
        "mfd",
    ),
    DemoUser(
        "head_kd",
        "Бекибаева",
        "Бурул",
        "Сагынбековна",
        "Заведующая кафедрой КД",
        Role.HEAD_OF_DEPARTMENT,
        "kd",
    ),
    DemoUser(
        "head_sd",
        "Мамытова",
        "Анара",
        "Бактыбековна",
        "Заведующая кафедрой СД",
        Role.HEAD_OF_DEPARTMENT,
        "sd",
    ),
    DemoUser(
        "leader",
        "Турдуева",
        "Чолпон",
        "Эркиновна",
        "Руководитель программы «Лечебное дело»",
        Role.PROGRAMME_LEADER,
        "kd",
    ),
    DemoUser("teacher", "Иванов", "Сергей", "Петрович", "Доцент кафедры КД", Role.TEACHER, "kd"),
    DemoUser(
        "teacher2",
        "Асанова",
        "Динара",
        "Маратовна",
        "Старший преподаватель кафедры МФД",
        Role.TEACHER,
        "mfd",
    ),
    DemoUser(
        "tutor", "Кадырова", "Нургуль", "Өмүрбековна", "Тьютор факультета ЛДиС", Role.TUTOR, "fldis"
    ),
    DemoUser(
        "student",
        "Абдыкеримов",
        "Бекзат",
        "Улукбекович",
        "Студент группы ЛД-1-24",
        Role.STUDENT,
        "fldis",
    ),
    DemoUser(
        "master", "Жумабаева", "Айжан", "Талантовна", "Магистрант", Role.MASTER_STUDENT, "fem"
    ),
    DemoUser(
        "listener",
        "Петрова",
        "Ольга",
        "Викторовна",
        "Слушатель курсов повышения квалификации",
        Role.LISTENER,
        "fem",
    ),
    DemoUser(
        "dean_fem",
        "Омуралиев",
        "Нурлан",
        "Жапарович",
        "Декан факультета экономики и менеджмента",
        Role.DEAN,
        "fem",
    ),
    DemoUser(
        "head_em",
        "Касымова",
        "Гулзат",
        "Русланович".replace("вич", "вна"),
        "Заведующая кафедрой ЭиМ",
        Role.HEAD_OF_DEPARTMENT,
        "em",
    ),
]


@transaction.atomic
def seed_org() -> dict[str, OrgUnit]:
    units: dict[str, OrgUnit] = {}
    for spec in UNITS:
        data = dict(spec)
        code = data.pop("code")
        parent_code = data.pop("parent")
        parent = units[parent_code] if parent_code else None
        unit, _created = OrgUnit.objects.update_or_create(
            code=code, defaults={**data, "parent": parent}
        )
        prefix = parent.path if parent else "/"
        path = f"{prefix}{unit.pk}/"
        if unit.path != path:
            unit.path = path
            unit.depth = path.count("/") - 2
            unit.save(update_fields=["path", "depth"])
        units[code] = unit
    return units


@transaction.atomic
def seed_users(units: dict[str, OrgUnit]) -> list[DemoUser]:
    for spec in USERS:
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "last_name": spec.last_name,
                "first_name": spec.first_name,
                "patronymic": spec.patronymic,
                "position": spec.position,
                "email": f"{spec.username}@rmu.example",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        RoleAssignment.objects.get_or_create(
            user=user, role=spec.role, unit=units[spec.unit_code], valid_from=None
        )
    # The head of department КД also teaches there: a user may hold several roles.
    RoleAssignment.objects.get_or_create(
        user=User.objects.get(username="head_kd"),
        role=Role.TEACHER,
        unit=units["kd"],
        valid_from=None,
    )
    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={
            "last_name": "Администратор",
            "first_name": "Портала",
            "is_staff": True,
            "is_superuser": True,
            "email": "admin@rmu.example",
        },
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save(update_fields=["password"])
    return USERS
