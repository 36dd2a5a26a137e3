"""п. 5.4.2: dot_readiness answers for complete and incomplete ЭУМК (used by study plans)."""

from __future__ import annotations

from typing import Any

from dot.academics.tests.factories import DisciplineModuleFactory
from dot.content import services
from dot.content.models import ComponentKind, ResourceKind
from dot.content.selectors import dot_readiness

from .conftest import World, add_page, fill_required, published_umk


def test_a_discipline_without_an_umk_is_not_ready(world: World) -> None:
    result = dot_readiness(world.discipline)
    assert (result.ready, result.reasons) == (False, ["п. 5.4.2: у дисциплины нет ЭУМК."])


def test_an_umk_never_published_is_not_ready(world: World) -> None:
    umk = services.umk_create(discipline=world.discipline, actor=world.teacher)
    fill_required(umk.versions.get(), world.teacher)
    result = dot_readiness(world.discipline)
    assert result.ready is False
    assert result.reasons == [
        "п. 5.4.2: у ЭУМК дисциплины нет утверждённой и опубликованной версии."
    ]


def test_a_published_complete_umk_is_ready(world: World) -> None:
    umk = published_umk(world)
    result = dot_readiness(world.discipline)
    assert (result.ready, result.reasons, result.version) == (True, [], umk.published_version)


def test_a_published_umk_without_srs_and_assessment_fund_is_not_ready(world: World) -> None:
    # Given the editorial office does not require the СРС and the assessment fund
    services.requirements_set(
        actor=world.rio,
        values={
            ComponentKind.SRS_ASSIGNMENTS: (False, ""),
            ComponentKind.ASSESSMENT_FUND: (False, ""),
        },
    )
    umk = services.umk_create(discipline=world.discipline, actor=world.teacher)
    version = umk.versions.get()
    for kind in (ComponentKind.SYLLABUS, ComponentKind.LECTURE_NOTES, ComponentKind.LITERATURE):
        add_page(version, world.teacher, kind)
    services.umk_version_submit(version=version, actor=world.teacher)
    services.umk_version_decide(version=version, actor=world.head, decision="approve")
    services.umk_version_decide(version=version, actor=world.rio, decision="approve")
    services.umk_version_publish(version=version, actor=world.council)
    # When readiness is asked, then both gaps are named
    result = dot_readiness(world.discipline)
    assert result.ready is False
    assert result.reasons == [
        "п. 5.4.2: в ЭУМК нет заданий для самостоятельной работы студентов (СРС).",
        "п. 5.4.2: в ЭУМК нет фонда оценочных средств.",
    ]


def test_a_module_is_ready_only_with_its_own_or_whole_discipline_materials(world: World) -> None:
    module_a: Any = DisciplineModuleFactory(
        discipline=world.discipline, order=1, title="Остеология"
    )
    module_b: Any = DisciplineModuleFactory(discipline=world.discipline, order=2, title="Миология")
    umk = services.umk_create(discipline=world.discipline, actor=world.teacher)
    version = umk.versions.get()
    for kind in (ComponentKind.SYLLABUS, ComponentKind.LECTURE_NOTES, ComponentKind.LITERATURE):
        add_page(version, world.teacher, kind)
    # СРС only for module A; the assessment fund for the whole discipline
    services.resource_add(
        version=version, actor=world.teacher, kind=ResourceKind.LINK,
        component=ComponentKind.SRS_ASSIGNMENTS, title="СРС 1", url="https://example.org/srs",
        module=module_a,
    )  # fmt: skip
    add_page(version, world.teacher, ComponentKind.ASSESSMENT_FUND)
    services.umk_version_submit(version=version, actor=world.teacher)
    services.umk_version_decide(version=version, actor=world.head, decision="approve")
    services.umk_version_decide(version=version, actor=world.rio, decision="approve")
    services.umk_version_publish(version=version, actor=world.council)

    assert dot_readiness(world.discipline, module_a).ready is True
    result_b = dot_readiness(world.discipline, module_b)
    assert result_b.ready is False
    assert result_b.reasons == [
        "п. 5.4.2: в ЭУМК нет заданий для самостоятельной работы студентов (СРС) по модулю «Миология»."
    ]


def test_hidden_materials_do_not_count(world: World) -> None:
    umk = published_umk(world)
    version = services.umk_version_start(umk=umk, actor=world.teacher)
    for r in version.resources.filter(component=ComponentKind.ASSESSMENT_FUND):
        services.resource_set_hidden(resource=r, actor=world.teacher, hidden=True)
    # The new draft is not published: readiness still answers from version 1
    assert dot_readiness(world.discipline).ready is True
    # The hidden assessment fund blocks the draft's submission instead
    from dot.content.selectors import missing_required

    assert missing_required(version) == ["Фонд оценочных средств (тесты и контрольные задания)"]
