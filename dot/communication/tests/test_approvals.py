"""Approval-route events become notifications in each recipient's language."""

from types import SimpleNamespace

from django.utils.translation import gettext_lazy as _

from dot.communication.approvals import notify_approval
from dot.communication.models import Notification
from dot.testing.factories import UserFactory


class FakeRoute:
    label = _("Approval requested")

    def step_of(self, obj):
        return "head"

    def step(self, code):
        return SimpleNamespace(label="Заведующий кафедрой")

    def __str__(self):
        return str(self.label)


def test_request_reaches_approvers_with_link(db):
    head = UserFactory(username="head", language="ru")
    author = UserFactory(username="author", last_name="Иванова", first_name="Анна", patronymic="")
    event = SimpleNamespace(
        kind="approval_requested",
        route=FakeRoute(),
        obj="ЭУМК «Анатомия»",
        decision=SimpleNamespace(actor=author, action="submit", comment=""),
        recipients=[head],
        url="/content/umk/3/",
    )

    notify_approval(event)

    n = Notification.objects.get(recipient__username="head")
    assert n.title == "«ЭУМК «Анатомия»» ожидает вашего решения"
    assert n.body == (
        "Маршрут: Запрос на согласование; этап: Заведующий кафедрой; подал(а): Иванова А."
    )
    assert (n.kind, n.url, n.actor) == ("approval_requested", "/content/umk/3/", author)


def test_return_reaches_the_submitter_in_english(db):
    author = UserFactory(username="author", language="en")
    head = UserFactory(username="head", last_name="Петров", first_name="Олег", patronymic="")
    event = SimpleNamespace(
        kind="approval_decided",
        route=FakeRoute(),
        obj="РУП 2026",
        decision=SimpleNamespace(actor=head, action="return", comment="Нет часов СРС"),
        recipients=[author],
        url="https://elsewhere.example/",
    )

    notify_approval(event)

    n = Notification.objects.get(recipient__username="author")
    assert n.title == "«РУП 2026» is returned for rework"
    assert n.body == "Route: Approval requested; decided by Петров О.; comment: Нет часов СРС"
    assert n.url == ""
