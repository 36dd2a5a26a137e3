"""factory_boy factories shared by every app's tests."""

from __future__ import annotations

from typing import Any

import factory

from dot.accounts.models import Role, RoleAssignment, User
from dot.org.models import OrgUnit, UnitKind


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    kind = UnitKind.DEPARTMENT
    name = factory.Sequence(lambda n: f"Подразделение {n}")
    code = factory.Sequence(lambda n: f"unit-{n}")
    parent = None

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> OrgUnit:
        unit = super()._create(model_class, *args, **kwargs)
        prefix = unit.parent.path if unit.parent else "/"
        unit.path = f"{prefix}{unit.pk}/"
        unit.depth = unit.path.count("/") - 2
        unit.save(update_fields=["path", "depth"])
        return unit


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = factory.Faker("last_name", locale="ru_RU")
    first_name = factory.Faker("first_name", locale="ru_RU")
    patronymic = factory.Faker("middle_name", locale="ru_RU")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "pass12345")

    @factory.post_generation
    def _save(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        if create:
            obj.save()


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = Role.TEACHER
    unit = factory.SubFactory(OrgUnitFactory)
