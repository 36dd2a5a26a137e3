"""The demo seed: conversations, an unanswered question for days, announcements; once."""

from django.core.management import call_command

from dot.accounts.models import User
from dot.messaging.models import Announcement, Conversation
from dot.messaging.selectors import unanswered_questions


def test_seed_demo_adds_conversations_and_announcements_once(db):
    call_command("seed_demo", "--quiet")
    counts = (Conversation.objects.count(), Announcement.objects.count())

    call_command("seed_demo", "--quiet")

    assert (Conversation.objects.count(), Announcement.objects.count()) == counts
    assert counts == (4, 2)
    teacher = User.objects.get(username="teacher")
    waiting = [w for w in unanswered_questions(teacher=teacher) if w["source"] == "message"]
    assert [w["title"] for w in waiting] == [
        "Пропущенная лекция",
        "Консультация перед зачётом",
    ]
    group_notice = Announcement.objects.get(audience="group")
    # (Other apps' demos may add students of their own to the group.)
    assert set(group_notice.deliveries.values_list("recipient__username", flat=True)) >= {
        "student",
        "ld_student2",
        "ld_student3",
    }
