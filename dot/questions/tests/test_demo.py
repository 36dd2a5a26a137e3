"""The demo seed: a bank per course discipline with every type, idempotent, head can open it."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from dot.academics import demo as academics_demo
from dot.content import demo as content_demo
from dot.org.demo import seed_org, seed_users
from dot.questions import demo, qtypes
from dot.questions.models import Question, QuestionBank


def test_demo_banks_every_type_idempotent(db: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    units = seed_org()
    seed_users(units)
    academics_demo.seed(units)
    content_demo.seed(units)
    demo.seed(units)
    count = Question.objects.count()
    demo.seed(units)
    assert Question.objects.count() == count
    banks = QuestionBank.objects.all()
    assert banks.filter(discipline__code="КД-301").exists()
    assert banks.filter(discipline__code="ЕГД-105").exists()
    for bank in banks:
        assert set(bank.questions.values_list("qtype", flat=True)) == set(qtypes.TYPES)
    assert Question.objects.filter(current__text__contains="\\(").exists()
    bank = banks.get(discipline__code="КД-301")
    client = Client()
    from dot.accounts.models import User

    client.force_login(User.objects.get(username="head_kd"))
    assert client.get(reverse("questions:bank", args=[bank.pk])).status_code == 200
