"""The demo seed gives every demo user notifications, once."""

from django.core.management import call_command

from dot.accounts.models import User
from dot.communication.models import Notification


def test_seed_demo_adds_notifications_once(db):
    call_command("seed_demo", "--quiet")
    count = Notification.objects.count()

    call_command("seed_demo", "--quiet")

    assert Notification.objects.count() == count
    teacher = User.objects.get(username="teacher")
    # Later apps' demos (messages, announcements) add notices of their own.
    assert {(n.title, n.is_read) for n in Notification.objects.filter(recipient=teacher)} >= {
        ("Положение о ДОТ: памятка для преподавателей и студентов", True),
        ("Добро пожаловать на портал ДОТ", False),
    }
