"""Model validation of the plans app and the findings in Russian (the default language)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from dot.academics.tests.factories import DisciplineModuleFactory
from dot.plans.compliance import check_plan
from dot.plans.models import DotOrderItem, ReasonKind, StudyPlanRow

from .conftest import D, build, only


@pytest.mark.django_db
def test_other_reason_without_text_is_refused_beside_the_field() -> None:
    w = build()
    w.application.reason_kind = ReasonKind.OTHER
    w.application.reason_text = ""
    with translation.override("ru"), pytest.raises(ValidationError) as caught:
        w.application.clean()
    assert caught.value.message_dict == {
        "reason_text": ["п. 5.4.2: укажите уважительную причину, если выбрано «другая»."]
    }


@pytest.mark.django_db
def test_a_module_of_another_discipline_is_refused() -> None:
    w = build()
    stranger = DisciplineModuleFactory.create()
    item = DotOrderItem(order=w.order, discipline=w.line.discipline, module=stranger)
    row = StudyPlanRow(plan=w.plan, curriculum_line=w.line, module=stranger)
    with translation.override("ru"):
        for obj in (item, row):
            with pytest.raises(ValidationError) as caught:
                obj.clean()
            assert caught.value.message_dict == {
                "module": ["Модуль относится к другой дисциплине."]
            }


@pytest.mark.django_db
def test_the_cap_finding_reads_in_russian_with_decimal_commas() -> None:
    w = build(extramural=True, other_semester_hours=D("1000"), dot_hours=D("699"))
    finding = only(check_plan(w.plan), "п. 5.4.3")
    with translation.override("ru"):
        assert finding.text == (
            "п. 5.4.3: магистратура с заочной формой обучения: по ДОТ 699 из 1000 ч "
            "семестра 1 (69,9 %) и 699 из 2000 ч всего учебного плана (34,95 %); "
            "это в пределах ограничения 70 % часов учебного плана."
        )
