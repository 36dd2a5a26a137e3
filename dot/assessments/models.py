"""Tests, attempts and answers (п. 2.3, 3.2: online testing for current and intermediate
attestation).

* ``Test`` — a test of a course (optionally of one discipline module) with its window,
  time limit, attempts, grading method, review options and access restrictions.
* ``TestItem`` — what a test asks: a fixed question, or a random draw of ``count``
  questions from a bank category (per student).
* ``Accommodation`` — per-student extra time / other dates, set by the teacher, optionally
  from the student's individual study plan (ИУП).
* ``Attempt`` — one student's attempt. The server owns the clock: ``deadline`` is fixed at
  start (and moved only by an audited extension).
* ``AttemptAnswer`` — one slot of an attempt: the question version the student saw, its
  seed, the saved response with a per-slot sequence number, and the grading fields.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dot.core.models import TimeStampedModel


class TestKind(models.TextChoices):
    PRACTICE = "practice", _("Practice")
    CURRENT = "current", _("Current / module control")
    CONTROL_WORK = "control_work", _("Control work")
    EXAM = "exam", _("Exam (intermediate attestation)")


class GradingMethod(models.TextChoices):
    HIGHEST = "highest", _("Highest attempt")
    LAST = "last", _("Last attempt")
    AVERAGE = "average", _("Average of attempts")
    FIRST = "first", _("First attempt")


class ReviewWhen(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately after the attempt")
    AFTER_CLOSE = "after_close", _("After the test closes")
    NEVER = "never", _("Never")


class Test(TimeStampedModel):
    __test__ = False  # not a pytest class

    course = models.ForeignKey(
        "content.Course", verbose_name=_("course"), on_delete=models.PROTECT, related_name="tests"
    )
    module = models.ForeignKey(
        "academics.DisciplineModule",
        verbose_name=_("module"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tests",
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("instructions"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=16, choices=TestKind.choices, default=TestKind.CURRENT
    )
    # Students see (and start) only published tests.
    is_published = models.BooleanField(_("published"), default=False)
    open_at = models.DateTimeField(_("opens"), null=True, blank=True)
    close_at = models.DateTimeField(_("closes"), null=True, blank=True)
    time_limit = models.PositiveIntegerField(
        _("time limit, minutes"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: no time limit."),
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=1, help_text=_("0: unlimited.")
    )
    grading_method = models.CharField(
        _("grading method"),
        max_length=10,
        choices=GradingMethod.choices,
        default=GradingMethod.HIGHEST,
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_options = models.BooleanField(_("shuffle answer options"), default=True)
    questions_per_page = models.PositiveSmallIntegerField(
        _("questions per page"), default=5, help_text=_("0: all on one page.")
    )
    pass_mark = models.DecimalField(
        _("pass mark, per cent"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("50"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    review_when = models.CharField(
        _("review available"),
        max_length=12,
        choices=ReviewWhen.choices,
        default=ReviewWhen.IMMEDIATELY,
    )
    review_score = models.BooleanField(_("student sees the score"), default=True)
    review_answers = models.BooleanField(_("student sees own answers"), default=True)
    review_correct = models.BooleanField(_("student sees the correct answers"), default=False)
    review_feedback = models.BooleanField(_("student sees feedback"), default=False)
    access_code = models.CharField(
        _("access code"),
        max_length=64,
        blank=True,
        help_text=_("Empty: no code. The teacher gives it to the students in the room."),
    )
    # One CIDR per line ("10.1.0.0/16"); empty: from anywhere. For access points (п. 2.2).
    allowed_networks = models.TextField(
        _("allowed networks"),
        blank=True,
        help_text=_("One network per line, e.g. 10.1.2.0/24. Empty: from anywhere."),
    )
    grace_seconds = models.PositiveIntegerField(
        _("grace period, seconds"),
        default=60,
        validators=[MaxValueValidator(3600)],
        help_text=_("Answers sent this long after the deadline are still accepted."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("test")
        verbose_name_plural = _("tests")
        ordering = ["course_id", "open_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assessments:test", args=[self.pk])


class ItemKind(models.TextChoices):
    QUESTION = "question", _("Fixed question")
    DRAW = "draw", _("Random questions from a category")


class TestItem(models.Model):
    """A fixed question, or a per-student random draw of ``count`` questions."""

    __test__ = False  # not a pytest class

    test = models.ForeignKey(
        Test, verbose_name=_("test"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveIntegerField(_("No."), default=1)
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    question = models.ForeignKey(
        "questions.Question",
        verbose_name=_("question"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    category = models.ForeignKey(
        "questions.Category",
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    count = models.PositiveSmallIntegerField(
        _("number of questions"), default=1, validators=[MinValueValidator(1)]
    )
    include_subcategories = models.BooleanField(_("include subcategories"), default=True)
    # Mark of each question of this item; empty: the question's default mark.
    mark = models.DecimalField(
        _("mark"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        verbose_name = _("test item")
        verbose_name_plural = _("test items")
        ordering = ["test_id", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="question", question__isnull=False)
                | Q(kind="draw", category__isnull=False),
                name="assess_item_has_source",
            )
        ]

    def __str__(self) -> str:
        return f"{self.test_id}#{self.order}"


class Accommodation(models.Model):
    """Per-student conditions: extra time and/or other dates (set by the teacher)."""

    test = models.ForeignKey(
        Test, verbose_name=_("test"), on_delete=models.CASCADE, related_name="accommodations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="test_accommodations",
    )
    extra_minutes = models.PositiveIntegerField(_("extra time, minutes"), default=0)
    open_at = models.DateTimeField(_("opens (for this student)"), null=True, blank=True)
    close_at = models.DateTimeField(_("closes (for this student)"), null=True, blank=True)
    study_plan = models.ForeignKey(
        "plans.StudyPlan",
        verbose_name=_("individual study plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("reason"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("accommodation")
        verbose_name_plural = _("accommodations")
        constraints = [
            models.UniqueConstraint(fields=["test", "user"], name="assess_accommodation_once")
        ]

    def __str__(self) -> str:
        return f"{self.test} — {self.user}"


class AttemptState(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    FINISHED = "finished", _("Finished")
    ABANDONED = "abandoned", _("Abandoned")


class FinishedBy(models.TextChoices):
    STUDENT = "student", _("Submitted by the student")
    DEADLINE = "deadline", _("Closed at the deadline")
    TEACHER = "teacher", _("Closed by the teacher")


class Attempt(models.Model):
    test = models.ForeignKey(
        Test, verbose_name=_("test"), on_delete=models.CASCADE, related_name="attempts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="test_attempts",
    )
    number = models.PositiveSmallIntegerField(_("attempt No."))
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=AttemptState.choices,
        default=AttemptState.IN_PROGRESS,
        db_index=True,
    )
    started_at = models.DateTimeField(_("started"))
    # Server-side deadline (None: no limit and no close time); answers are accepted until
    # deadline + test.grace_seconds.
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True, db_index=True)
    # Minutes added by the teacher during the session (audited), already in ``deadline``.
    extended_minutes = models.PositiveIntegerField(_("time added, minutes"), default=0)
    # Last heartbeat of the attempt page (monitoring: "offline" after 60 s of silence).
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    finished_by = models.CharField(
        _("finished by"), max_length=10, choices=FinishedBy.choices, blank=True
    )
    max_marks = models.DecimalField(
        _("maximum marks"), max_digits=9, decimal_places=2, default=Decimal("0")
    )
    sum_marks = models.DecimalField(
        _("marks"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    # Percent of the maximum, 0–100 (None until finished).
    score = models.DecimalField(
        _("score, per cent"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    # Some answers (essays) still wait for a teacher; the score is provisional.
    needs_grading = models.BooleanField(_("needs grading"), default=False)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["test_id", "user_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["test", "user", "number"], name="assess_attempt_number_once"
            ),
            # At most one open attempt per student and test: a second device resumes it.
            models.UniqueConstraint(
                fields=["test", "user"],
                condition=Q(state="in_progress"),
                name="assess_attempt_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.test} — {self.user} #{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("assessments:attempt", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state == AttemptState.IN_PROGRESS

    @property
    def passed(self) -> bool | None:
        if self.score is None:
            return None
        return self.score >= self.test.pass_mark


class AttemptAnswer(models.Model):
    """One slot of an attempt (the question as this student saw it) and its answer.

    ``response`` is the normalised response of ``dot.questions.qtypes.parse_fields``;
    ``seq`` is the client's per-slot sequence number of the last accepted save (a save
    with ``seq <= stored seq`` changes nothing). ``locked`` is set when the attempt is
    finalised: the save's conditional UPDATE requires ``locked = false``, so an answer
    racing the submit is either in the graded response or refused, never lost silently.
    """

    # No index of its own: the unique (attempt, slot) index serves every lookup by
    # attempt, and one index fewer is written with every slot of every started attempt.
    attempt = models.ForeignKey(
        Attempt,
        verbose_name=_("attempt"),
        on_delete=models.CASCADE,
        related_name="answers",
        db_index=False,
    )
    slot = models.PositiveSmallIntegerField(_("slot"))
    page = models.PositiveSmallIntegerField(_("page"), default=1)
    question = models.ForeignKey(
        "questions.Question",
        verbose_name=_("question"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    question_version = models.ForeignKey(
        "questions.QuestionVersion",
        verbose_name=_("question version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    seed = models.PositiveIntegerField(_("seed"), default=0)
    max_mark = models.DecimalField(_("maximum mark"), max_digits=7, decimal_places=2)
    response = models.JSONField(_("response"), default=dict, blank=True)
    seq = models.PositiveIntegerField(_("sequence number"), default=0)
    saved_at = models.DateTimeField(_("saved"), null=True, blank=True)
    locked = models.BooleanField(_("locked"), default=False)
    # Grading (automatic on finalisation; manual for essays): fraction in [0, 1].
    fraction = models.DecimalField(
        _("fraction"), max_digits=8, decimal_places=7, null=True, blank=True
    )
    mark = models.DecimalField(_("mark"), max_digits=7, decimal_places=2, null=True, blank=True)
    manual_mark = models.DecimalField(
        _("manual mark"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("graded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    graded_at = models.DateTimeField(_("graded"), null=True, blank=True)
    needs_grading = models.BooleanField(_("needs grading"), default=False)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["attempt_id", "slot"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "slot"], name="assess_answer_slot_once")
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}/{self.slot}"

    @property
    def final_mark(self) -> Decimal | None:
        """The mark that counts: the teacher's manual mark over the automatic one."""
        return self.manual_mark if self.manual_mark is not None else self.mark
