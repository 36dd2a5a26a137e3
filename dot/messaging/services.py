"""Writes of messages and announcements: keyword-only, atomic, audited, permission-checked
again here (a view's check is not trusted alone)."""

from __future__ import annotations

import os
import uuid
from typing import IO, Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Q
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dot.accounts.models import Role, RoleAssignment, User
from dot.communication.kinds import NotificationKind
from dot.communication.services import notify
from dot.content.files import check_upload
from dot.core.audit import audit_record

from . import permissions
from .models import (
    MAX_PARTICIPANTS,
    Announcement,
    AnnouncementDelivery,
    AudienceKind,
    Block,
    Conversation,
    Message,
    MessageReport,
    Participant,
    ReportStatus,
    StudentQuestion,
)
from .notifications import MESSAGE, REPORT
from .rendering import render_text
from .selectors import Audience, audience_users

MAX_BODY = 20_000


def max_attachment_bytes() -> int:
    return int(getattr(settings, "DOT_MESSAGE_MAX_BYTES", 10 * 1024 * 1024))


def check_attachment(upload: UploadedFile) -> str:
    """The file type, or ``ValidationError``: the materials' content checks plus a size cap."""
    name = upload.name or "file"
    kind = check_upload(cast(IO[bytes], upload), name, upload.size or 0)
    if (upload.size or 0) > max_attachment_bytes():
        raise ValidationError(
            _("The file «%(name)s» is too large (%(size)s); at most %(max)s is allowed.")
            % {
                "name": name,
                "size": filesizeformat(upload.size or 0),
                "max": filesizeformat(max_attachment_bytes()),
            },
            code="too_large",
        )
    return kind


def _clean_body(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"body": _("Write the message.")}, code="empty")
    if len(text) > MAX_BODY:
        raise ValidationError(
            {"body": _("The message is too long: at most %(max)s characters.") % {"max": MAX_BODY}},
            code="too_long",
        )
    html = str(render_text(text))
    if not strip_tags(html).strip():
        raise ValidationError({"body": _("The message has no text left to send.")}, code="empty")
    return html


def blocked_by(*, sender: Any, users: list[Any]) -> set[int]:
    """Ids of ``users`` who blocked ``sender``."""
    return set(
        Block.objects.filter(blocker__in=users, blocked=sender).values_list("blocker_id", flat=True)
    )


@transaction.atomic
def conversation_start(
    *,
    sender: Any,
    recipients: list[Any],
    subject: str,
    body: str,
    attachment: UploadedFile | None = None,
) -> Conversation:
    """Start a conversation with the first message; only with people the sender may write to."""
    recipients = list({r.pk: r for r in recipients if r.pk != sender.pk}.values())
    if not recipients:
        raise ValidationError({"recipients": _("Choose at least one recipient.")})
    if len(recipients) + 1 > MAX_PARTICIPANTS:
        raise ValidationError(
            {
                "recipients": _(
                    "A conversation has at most %(max)s participants; choose fewer recipients."
                )
                % {"max": MAX_PARTICIPANTS}
            }
        )
    refused = permissions.may_write_to(sender, recipients)
    if refused:
        raise ValidationError(
            {
                "recipients": _(
                    "You cannot write to %(names)s: students write to their teachers, tutors, "
                    "the dean's office and the academic office; staff to the people of their "
                    "units."
                )
                % {"names": ", ".join(r.short_name or r.username for r in refused)}
            },
            code="not_allowed",
        )
    blockers = blocked_by(sender=sender, users=recipients)
    if blockers:
        names = ", ".join(r.short_name for r in recipients if r.pk in blockers)
        raise ValidationError(
            {"recipients": _("%(names)s does not accept messages from you.") % {"names": names}},
            code="blocked",
        )
    _clean_body(body)  # fail before anything is written
    conversation = Conversation.objects.create(subject=subject.strip()[:200], created_by=sender)
    Participant.objects.bulk_create(
        [Participant(conversation=conversation, user=u) for u in [sender, *recipients]]
    )
    message_send(sender=sender, conversation=conversation, body=body, attachment=attachment)
    audit_record(
        actor=sender,
        obj=conversation,
        action="messaging.conversation_started",
        changes={"participants": [u.username for u in recipients]},
    )
    return conversation


def _teachers_among(student: Any, user_ids: list[int]) -> list[int]:
    if not user_ids:
        return []
    return list(
        User.objects.filter(permissions.teachers_of_student_q(student), pk__in=user_ids)
        .values_list("pk", flat=True)
        .distinct()
    )


@transaction.atomic
def message_send(
    *,
    sender: Any,
    conversation: Conversation,
    body: str,
    attachment: UploadedFile | None = None,
) -> Message:
    """Post a message in a conversation the sender takes part in; notify the others."""
    participants = list(Participant.objects.select_for_update().filter(conversation=conversation))
    me = next((p for p in participants if p.user_id == sender.pk), None)
    if me is None:
        raise ValidationError(_("You do not take part in this conversation."), code="forbidden")
    others = [p for p in participants if p.user_id != sender.pk]
    blockers = set(
        Block.objects.filter(
            blocker_id__in=[p.user_id for p in others], blocked=sender
        ).values_list("blocker_id", flat=True)
    )
    if others and len(blockers) == len(others):
        raise ValidationError(
            {"body": _("The other participants do not accept messages from you.")},
            code="blocked",
        )
    html = _clean_body(body)
    message = Message(conversation=conversation, author=sender, body=html)
    if attachment is not None:
        try:
            message.attachment_type = check_attachment(attachment)
        except ValidationError as error:
            raise ValidationError({"attachment": error.messages}) from error
        name = attachment.name or "file"
        message.attachment_name = os.path.basename(name)[:255]
        message.attachment_size = attachment.size or 0
        extension = name.rsplit(".", 1)[-1].lower()
        message.attachment.save(f"{uuid.uuid4().hex}.{extension}", attachment, save=False)
    message.save()
    now = message.created_at
    Conversation.objects.filter(pk=conversation.pk).update(
        last_message=message, last_message_at=now
    )
    conversation.last_message, conversation.last_message_at = message, now
    Participant.objects.filter(conversation=conversation).exclude(user=sender).exclude(
        user_id__in=blockers
    ).update(unread=F("unread") + 1, last_message_at=now)
    Participant.objects.filter(
        Q(pk=me.pk) | Q(conversation=conversation, user_id__in=blockers)
    ).update(last_message_at=now)
    Participant.objects.filter(pk=me.pk).update(unread=0, last_read_at=now)
    _record_response_time(sender=sender, conversation=conversation, message=message, others=others)
    recipients = list(
        User.objects.filter(pk__in=[p.user_id for p in others if p.user_id not in blockers])
    )
    if recipients:
        url = conversation.get_absolute_url()
        notify(
            recipients=recipients,
            kind=MESSAGE,
            title=gettext_lazy("New message from %(name)s") % {"name": sender.short_name},
            body=Truncator(strip_tags(html)).chars(300),
            url=f"{url}#message-{message.pk}",
            reply_url=f"{url}#reply",
            actor=sender,
        )
    return message


def _record_response_time(
    *, sender: Any, conversation: Conversation, message: Message, others: list[Participant]
) -> None:
    """п. 4.9: a student's message to their teacher opens a question; the teacher's
    first message after it answers every open question of that student to them here."""
    StudentQuestion.objects.filter(
        conversation=conversation, teacher=sender, answered_at__isnull=True
    ).update(answered_at=message.created_at, answer=message)
    teachers = _teachers_among(sender, [p.user_id for p in others])
    if teachers:
        StudentQuestion.objects.bulk_create(
            [
                StudentQuestion(
                    message=message,
                    conversation=conversation,
                    student=sender,
                    teacher_id=teacher_id,
                    asked_at=message.created_at,
                )
                for teacher_id in teachers
            ]
        )


def conversation_mark_read(*, user: Any, conversation: Conversation) -> None:
    Participant.objects.filter(conversation=conversation, user=user).exclude(
        unread=0, last_read_at__isnull=False
    ).update(unread=0, last_read_at=timezone.now())


@transaction.atomic
def user_block(*, user: Any, blocked: Any) -> Block:
    if blocked.pk == user.pk:
        raise ValidationError(_("You cannot block yourself."))
    block, created = Block.objects.get_or_create(blocker=user, blocked=blocked)
    if created:
        audit_record(actor=user, obj=block, action="messaging.user_blocked")
    return block


@transaction.atomic
def user_unblock(*, user: Any, blocked: Any) -> None:
    for block in Block.objects.filter(blocker=user, blocked=blocked):
        audit_record(actor=user, obj=block, action="messaging.user_unblocked")
        block.delete()


def _report_handlers(message: Message) -> list[Any]:
    """The IT office, and the dean's office of the faculties of the author and reporter."""
    handler_ids = set(
        RoleAssignment.objects.current()
        .filter(role=Role.IT_OFFICE)
        .values_list("user_id", flat=True)
    )
    author = message.author
    if author is not None:
        for holder in (
            RoleAssignment.objects.current()
            .filter(role__in=permissions.REPORT_HANDLERS_FACULTY)
            .select_related("unit", "user")
        ):
            path = permissions._unit_scope(holder.unit.path, holder.unit.kind)
            people = User.objects.filter(permissions.users_in_scope_q([path]), pk=author.pk)
            if people.exists():
                handler_ids.add(holder.user_id)
    return list(User.objects.filter(pk__in=handler_ids, is_active=True))


@transaction.atomic
def message_report(*, reporter: Any, message: Message, reason: str) -> MessageReport:
    """Report a message of a conversation the reporter takes part in."""
    if not permissions.messages_visible_to(reporter).filter(pk=message.pk).exists():
        raise ValidationError(_("You do not take part in this conversation."), code="forbidden")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what is wrong with the message.")})
    if MessageReport.objects.filter(message=message, reporter=reporter).exists():
        raise ValidationError({"reason": _("You have already reported this message.")})
    report = MessageReport.objects.create(message=message, reporter=reporter, reason=reason[:5000])
    audit_record(actor=reporter, obj=report, action="messaging.message_reported", comment=reason)
    notify(
        recipients=_report_handlers(message),
        kind=REPORT,
        title=gettext_lazy("A message was reported"),
        body=reason[:500],
        url=reverse("messaging:reports"),
        actor=reporter,
    )
    return report


@transaction.atomic
def report_resolve(*, user: Any, report: MessageReport, resolution: str) -> MessageReport:
    if not permissions.reports_visible_to(user).filter(pk=report.pk).exists():
        raise ValidationError(_("This report is not yours to resolve."), code="forbidden")
    report.status = ReportStatus.RESOLVED
    report.resolved_by = user
    report.resolved_at = timezone.now()
    report.resolution = (resolution or "").strip()[:5000]
    report.save(update_fields=["status", "resolved_by", "resolved_at", "resolution"])
    audit_record(
        actor=user, obj=report, action="messaging.report_resolved", comment=report.resolution
    )
    return report


# --- Announcements ----------------------------------------------------------------------


def check_audience(*, sender: Any, audience: Audience) -> Audience:
    """The audience with the sender's scope applied, or ``ValidationError``."""
    kind = audience.kind
    scope = permissions.sender_scope(sender)
    if kind not in permissions.audiences_for(sender):
        raise ValidationError(
            {"audience": _("You cannot send announcements to this audience.")},
            code="not_allowed",
        )
    checks = {
        AudienceKind.COURSE: ("course", permissions.announce_courses),
        AudienceKind.GROUP: ("group", permissions.announce_groups),
        AudienceKind.PROGRAMME: ("programme", permissions.announce_programmes),
        AudienceKind.FACULTY: ("faculty", permissions.announce_faculties),
    }
    if kind in checks:
        field, allowed = checks[AudienceKind(kind)]
        value = getattr(audience, field)
        if value is None:
            raise ValidationError({field: _("Choose where the announcement goes.")})
        if not allowed(sender).filter(pk=value.pk).exists():
            raise ValidationError(
                {field: _("This is outside the units you may send announcements to.")},
                code="not_allowed",
            )
    scope_path = ""
    if not scope.everyone and kind in (AudienceKind.ROLE, AudienceKind.EVERYONE):
        scope_path = scope.faculty_paths[0] if scope.faculty_paths else ""
        if not scope_path:
            raise ValidationError(
                {"audience": _("You cannot send announcements to this audience.")}
            )
    if kind == AudienceKind.ROLE and audience.role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    return Audience(
        kind=kind,
        course=audience.course if kind == AudienceKind.COURSE else None,
        group=audience.group if kind == AudienceKind.GROUP else None,
        programme=audience.programme if kind == AudienceKind.PROGRAMME else None,
        faculty=audience.faculty if kind == AudienceKind.FACULTY else None,
        role=audience.role if kind == AudienceKind.ROLE else "",
        scope_path=scope_path,
    )


def audience_label(audience: Audience) -> str:
    kind = AudienceKind(audience.kind)
    target = {
        AudienceKind.COURSE: audience.course,
        AudienceKind.GROUP: audience.group,
        AudienceKind.PROGRAMME: audience.programme,
        AudienceKind.FACULTY: audience.faculty,
        AudienceKind.ROLE: dict(Role.choices).get(audience.role, audience.role),
        AudienceKind.EVERYONE: None,
    }[kind]
    return f"{kind.label}: {target}" if target is not None else str(kind.label)


def recipient_count(*, sender: Any, audience: Audience) -> int:
    return audience_users(check_audience(sender=sender, audience=audience)).count()


@transaction.atomic
def announcement_send(
    *, sender: Any, audience: Audience, title: str, body: str, mandatory: bool = False
) -> Announcement:
    """Send an announcement to everyone of the audience, in the portal and by e-mail."""
    audience = check_audience(sender=sender, audience=audience)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the announcement a title.")})
    try:
        html = _clean_body(body)
    except ValidationError as error:
        raise ValidationError({"body": error.message_dict["body"]}) from error
    recipients = list(audience_users(audience).exclude(pk=sender.pk))
    if not recipients:
        raise ValidationError(
            {"audience": _("Nobody is in this audience: the announcement would reach no one.")}
        )
    announcement = Announcement.objects.create(
        sender=sender,
        title=title[:200],
        body=html,
        mandatory=mandatory,
        audience=audience.kind,
        course=audience.course,
        group=audience.group,
        programme=audience.programme,
        faculty=audience.faculty,
        role=audience.role,
        scope_path=audience.scope_path,
        audience_label=audience_label(audience)[:255],
        recipient_count=len(recipients),
    )
    notifications = notify(
        recipients=recipients,
        kind=NotificationKind.ANNOUNCEMENT,
        title=title,
        body=Truncator(strip_tags(html)).chars(2000),
        url=announcement.get_absolute_url(),
        mandatory=mandatory,
        actor=sender,
    )
    by_user = {n.recipient_id: n for n in notifications}
    AnnouncementDelivery.objects.bulk_create(
        [
            AnnouncementDelivery(
                announcement=announcement, recipient=u, notification=by_user.get(u.pk)
            )
            for u in recipients
        ],
        batch_size=1000,
    )
    audit_record(
        actor=sender,
        obj=announcement,
        action="messaging.announcement_sent",
        changes={"audience": announcement.audience_label, "recipients": len(recipients)},
    )
    return announcement


def announcement_mark_read(*, user: Any, announcement: Announcement) -> None:
    """Opening the announcement reads its notification (the sender sees «read»)."""
    from dot.communication.models import Notification

    Notification.objects.filter(
        pk__in=AnnouncementDelivery.objects.filter(
            announcement=announcement, recipient=user
        ).values("notification_id"),
        read_at__isnull=True,
    ).update(read_at=timezone.now())
