"""Forums (п. 1.5, 2.3 interactivity, 4.8 departments organise forums; 4.9 monitoring).

* ``Forum``: a place of threads with an audience taken from the structure: a course
  (``content.Course``; optionally one of its modules), a group, a programme, a faculty or
  the whole university. Its kind sets who posts and who sees what: a discussion, a
  questions-and-answers forum (a student sees others' answers only after answering),
  or announcements only (teachers and staff post, students read).
* ``Thread`` and ``Post``: the conversation. A post keeps its Markdown source and the
  sanitised HTML rendered from it (nh3). A thread started by a student in a course forum
  is a *question*: it records when it was asked and when a teacher of the course first
  answered, and who (п. 4.9: the response-time data for monitoring).
* ``Attachment``: a file of a post, checked like ЭОР files (``content.files``).
* ``ReadMark``: the number of the last post a user has seen in a thread ("new since the
  last visit"); ``Subscription``: a user follows a forum or a thread.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ForumKind(models.TextChoices):
    DISCUSSION = "discussion", _("Discussion")
    QUESTIONS = "questions", _("Questions and answers")
    ANNOUNCEMENTS = "announcements", _("Announcements only")


class ForumScope(models.TextChoices):
    COURSE = "course", _("Course")
    GROUP = "group", _("Group")
    PROGRAMME = "programme", _("Programme")
    FACULTY = "faculty", _("Faculty")
    UNIVERSITY = "university", _("University")


class Forum(models.Model):
    scope = models.CharField(_("audience"), max_length=20, choices=ForumScope.choices)
    kind = models.CharField(
        _("kind"), max_length=20, choices=ForumKind.choices, default=ForumKind.DISCUSSION
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    course = models.ForeignKey(
        "content.Course",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="forums",
    )
    # A forum of one module of the course's discipline (п. 2.3 modularity), if the teacher wants.
    module = models.ForeignKey(
        "academics.DisciplineModule",
        verbose_name=_("module"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    group = models.ForeignKey(
        "academics.StudentGroup",
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="forums",
    )
    programme = models.ForeignKey(
        "academics.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="forums",
    )
    # The faculty of a faculty forum, the university of the university forum.
    unit = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="forums",
    )
    # The forums every course gets on its first visit (one of each default kind).
    is_default = models.BooleanField(_("created with the course"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        ordering = ["scope", "title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "kind"],
                condition=Q(is_default=True),
                name="forums_default_once_per_course",
            ),
            models.CheckConstraint(
                condition=(
                    Q(scope="course", course__isnull=False)
                    | Q(scope="group", group__isnull=False)
                    | Q(scope="programme", programme__isnull=False)
                    | Q(scope__in=["faculty", "university"], unit__isnull=False)
                ),
                name="forums_audience_set",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forums:forum", args=[self.pk])

    @property
    def is_questions(self) -> bool:
        return self.kind == ForumKind.QUESTIONS

    @property
    def is_announcements(self) -> bool:
        return self.kind == ForumKind.ANNOUNCEMENTS


class Thread(models.Model):
    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="threads"
    )
    title = models.CharField(_("title"), max_length=255)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="forum_threads",
    )
    created_at = models.DateTimeField(_("created"), db_index=True)
    last_post_at = models.DateTimeField(_("last post"), db_index=True)
    # Posts ever written (numbers 1..post_count); read marks compare with it.
    post_count = models.PositiveIntegerField(_("posts"), default=0)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    # п. 4.9: a student's question in a course forum and the teacher's first answer.
    is_question = models.BooleanField(_("student's question"), default=False)
    asked_at = models.DateTimeField(_("asked"), null=True, blank=True)
    answered_at = models.DateTimeField(_("first teacher's answer"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        ordering = ["-is_pinned", "-last_post_at", "-pk"]
        indexes = [
            models.Index(
                fields=["forum", "-is_pinned", "-last_post_at"], name="forums_thread_list"
            ),
            models.Index(
                fields=["is_question", "answered_at", "asked_at"], name="forums_thread_open_q"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forums:thread", args=[self.pk])

    @property
    def reply_url(self) -> str:
        """The reply form of the thread: survives the login redirect (the fragment does
        not, the ``reply`` parameter does, and it focuses the form)."""
        return f"{self.get_absolute_url()}?reply=1#reply"


class Post(models.Model):
    thread = models.ForeignKey(
        Thread, verbose_name=_("thread"), on_delete=models.CASCADE, related_name="posts"
    )
    number = models.PositiveIntegerField(_("No."))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="forum_posts",
    )
    body = models.TextField(_("text"))
    body_html = models.TextField(editable=False)
    quote_of = models.ForeignKey(
        "self",
        verbose_name=_("quoted post"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"))
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["thread", "number"]
        constraints = [
            models.UniqueConstraint(fields=["thread", "number"], name="forums_post_number_once"),
        ]

    def __str__(self) -> str:
        return f"{self.thread} #{self.number}"

    def get_absolute_url(self) -> str:
        return f"{self.thread.get_absolute_url()}?post={self.pk}#post-{self.pk}"


class Attachment(models.Model):
    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to="forums/%Y/%m/", max_length=255)
    file_type = models.CharField(_("file type"), max_length=10)
    file_size = models.PositiveBigIntegerField(_("size"), default=0)
    original_name = models.CharField(_("file name"), max_length=255)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["post", "pk"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("forums:attachment", args=[self.pk])


class ReadMark(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_marks")
    last_read_number = models.PositiveIntegerField(default=0)
    read_at = models.DateTimeField()

    class Meta:
        verbose_name = _("read mark")
        verbose_name_plural = _("read marks")
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="forums_read_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.thread_id} #{self.last_read_number}"


class Subscription(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_subscriptions"
    )
    forum = models.ForeignKey(
        Forum, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "forum"],
                condition=Q(forum__isnull=False),
                name="forums_sub_forum_once",
            ),
            models.UniqueConstraint(
                fields=["user", "thread"],
                condition=Q(thread__isnull=False),
                name="forums_sub_thread_once",
            ),
            models.CheckConstraint(
                condition=Q(forum__isnull=False, thread__isnull=True)
                | Q(forum__isnull=True, thread__isnull=False),
                name="forums_sub_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.forum_id or ''}{self.thread_id or ''}"
