"""REST API of tests and attempts: /api/assessments/… with the pages' permissions.

The attempt page's JavaScript and the exam-session benchmark use exactly these:

* ``GET  courses/<course_id>/tests/`` — the course's tests the caller sees;
* ``GET  tests/<id>/`` — one test (settings; never the access code to a student);
* ``POST tests/<id>/attempts/`` ``{"access_code"?}`` — start (201) or resume (200) the
  caller's attempt: ``{"id", "deadline", "server_time", "remaining_seconds", "slots":
  [{"slot", "page", "question": student_view, "response", "seq"}]}``;
* ``GET  attempts/<id>/`` — the attempt's state (slots while open; the result as the
  review options allow once finished);
* ``POST attempts/<id>/answers/`` ``{"slot", "seq", "fields": {name: [values]}}`` →
  ``{"slot", "seq", "saved", "saved_at", "deadline"}``; 409 after the deadline + grace;
* ``POST attempts/<id>/heartbeat/`` — the page is alive (monitoring);
* ``POST attempts/<id>/submit/`` — exactly once; a repeated submit returns the same result.

Answer keys, fractions and feedback are produced only by ``result_payload`` and only when
``selectors.review_for`` allows them.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dot.content import permissions as content_permissions

from . import clock, permissions, selectors, services
from .models import Accommodation, Attempt, AttemptAnswer, AttemptState, Test
from .net import client_ip


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def serialize_test(test: Test, *, staff: bool, extra: dict[str, Any] | None = None) -> dict:
    data: dict[str, Any] = {
        "id": test.pk,
        "course": test.course_id,
        "module": test.module_id,
        "title": test.title,
        "description": test.description,
        "kind": test.kind,
        "kind_label": test.get_kind_display(),
        "is_published": test.is_published,
        "open_at": _iso(test.open_at),
        "close_at": _iso(test.close_at),
        "time_limit": test.time_limit,
        "attempts_allowed": test.attempts_allowed,
        "grading_method": test.grading_method,
        "questions_per_page": test.questions_per_page,
        "pass_mark": str(test.pass_mark),
        "needs_access_code": bool(test.access_code),
        "url": test.get_absolute_url(),
    }
    if staff:
        data.update(
            {
                "access_code": test.access_code,
                "allowed_networks": test.allowed_networks,
                "grace_seconds": test.grace_seconds,
                "review_when": test.review_when,
                "review": {
                    "score": test.review_score,
                    "answers": test.review_answers,
                    "correct": test.review_correct,
                    "feedback": test.review_feedback,
                },
                "shuffle_questions": test.shuffle_questions,
                "shuffle_options": test.shuffle_options,
            }
        )
    if extra:
        data.update(extra)
    return data


def slot_payload(answer: AttemptAnswer) -> dict[str, Any]:
    """A slot as the student may see it while the attempt is open (no keys)."""
    from dot.questions import qtypes

    return {
        "slot": answer.slot,
        "page": answer.page,
        "max_mark": str(answer.max_mark),
        "question": qtypes.student_view(answer.question_version, seed=answer.seed),
        "response": answer.response or {},
        "seq": answer.seq,
    }


def open_payload(attempt: Attempt, answers: list[AttemptAnswer]) -> dict[str, Any]:
    now = clock.now()
    return {
        "id": attempt.pk,
        "test": attempt.test_id,
        "number": attempt.number,
        "state": attempt.state,
        "started_at": _iso(attempt.started_at),
        "deadline": _iso(attempt.deadline),
        "accepts_until": _iso(services.accepts_until(attempt, attempt.test)),
        "server_time": now.isoformat(),
        "remaining_seconds": selectors.remaining_seconds(attempt, now),
        "slots": [slot_payload(a) for a in answers],
    }


def result_payload(attempt: Attempt, review: selectors.Review) -> dict[str, Any]:
    """A finished attempt as ``review`` lets the caller see it."""
    data: dict[str, Any] = {
        "id": attempt.pk,
        "test": attempt.test_id,
        "number": attempt.number,
        "state": attempt.state,
        "started_at": _iso(attempt.started_at),
        "finished_at": _iso(attempt.finished_at),
        "finished_by": attempt.finished_by,
        "review": {
            "score": review.score,
            "answers": review.answers,
            "correct": review.correct,
            "feedback": review.feedback,
        },
    }
    if review.score:
        data.update(
            {
                "sum_marks": str(attempt.sum_marks),
                "max_marks": str(attempt.max_marks),
                "score": str(attempt.score),
                "passed": attempt.passed,
                "needs_grading": attempt.needs_grading,
            }
        )
    if review.answers or review.correct or review.feedback:
        from dot.questions import qtypes

        slots = []
        answers = getattr(attempt, "prefetched_answers", None)
        for answer in answers if answers is not None else selectors.answers_of(attempt):
            item: dict[str, Any] = {"slot": answer.slot}
            version = answer.question_version
            if review.answers:
                item["question"] = qtypes.student_view(version, seed=answer.seed)
                item["response"] = answer.response or {}
                item["response_text"] = qtypes.response_summary(version, answer.response or {})
            if review.score:
                item["mark"] = None if answer.final_mark is None else str(answer.final_mark)
                item["max_mark"] = str(answer.max_mark)
            if review.correct:
                item["correct"] = qtypes.correct_summary(version)
            if review.feedback:
                item["feedback"] = qtypes.feedback(version, answer.response or {})
                item["comment"] = answer.comment
            slots.append(item)
        data["slots"] = slots
    return data


def attempt_state_payload(attempt: Attempt, user: Any) -> dict[str, Any]:
    if attempt.state == AttemptState.IN_PROGRESS:
        if attempt.user_id != user.pk:
            # Staff watching an open attempt: progress only, no questions.
            return {
                "id": attempt.pk,
                "state": attempt.state,
                "deadline": _iso(attempt.deadline),
                "remaining_seconds": selectors.remaining_seconds(attempt),
            }
        return open_payload(attempt, selectors.answers_of(attempt))
    staff = attempt.user_id != user.pk and permissions.is_staff_of(user, attempt.test)
    accommodation = (
        None
        if staff
        else Accommodation.objects.filter(test=attempt.test, user=attempt.user_id).first()
    )
    review = selectors.review_for(attempt, staff=staff, accommodation=accommodation)
    return result_payload(attempt, review)


def _error(message: str, code: str, http_status: int) -> Response:
    return Response({"detail": message, "code": code}, status=http_status)


class CourseTestsView(APIView):
    @extend_schema(summary="Tests of a course the caller sees", responses=dict)
    def get(self, request: Request, course_id: int) -> Response:
        course = get_object_or_404(
            content_permissions.courses_visible_to(request.user), pk=course_id
        )
        staff = content_permissions.is_course_staff(request.user, course)
        tests = selectors.tests_of_course(course, request.user, staff=staff)
        return Response(
            {
                "results": [
                    serialize_test(
                        t,
                        staff=False,
                        extra={"my_attempts": t.my_attempts, "my_open": bool(t.my_open)},  # type: ignore[attr-defined]
                    )
                    for t in tests
                ]
            }
        )


class TestDetailView(APIView):
    @extend_schema(summary="One test", responses=dict)
    def get(self, request: Request, pk: int) -> Response:
        test = get_object_or_404(
            permissions.visible_to(request.user).select_related("course"), pk=pk
        )
        return Response(serialize_test(test, staff=permissions.can_manage(request.user, test)))


class StartSerializer(serializers.Serializer):
    access_code = serializers.CharField(required=False, allow_blank=True, default="")


class AttemptStartView(APIView):
    @extend_schema(
        summary="Start or resume the caller's attempt", request=StartSerializer, responses=dict
    )
    def post(self, request: Request, pk: int) -> Response:
        try:
            test = permissions.get_visible_test(request.user, pk, "course__discipline")
        except Test.DoesNotExist:
            raise Http404 from None
        if not permissions.can_take(request.user, test):
            return _error(_("Only the course's students take this test."), "forbidden", 403)
        body = StartSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            attempt, created = services.attempt_start(
                test=test,
                user=request.user,
                access_code=body.validated_data["access_code"],
                ip=client_ip(request._request),
            )
        except services.AttemptError as exc:
            return _error(exc.message, exc.code, 403)
        answers = getattr(attempt, "prefetched_answers", None) or selectors.answers_of(attempt)
        return Response(
            open_payload(attempt, answers),
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class AttemptView(APIView):
    @extend_schema(summary="The attempt's state (or result)", responses=dict)
    def get(self, request: Request, pk: int) -> Response:
        attempt = _visible_attempt(request, pk)
        if services.is_overdue(attempt):
            attempt = services.finalize_attempt(
                attempt=attempt, finished_by=services.FinishedBy.DEADLINE
            )
        return Response(attempt_state_payload(attempt, request.user))


def _visible_attempt(request: Request, pk: int) -> Attempt:
    attempt = get_object_or_404(Attempt.objects.select_related("test__course"), pk=pk)
    if not permissions.can_view_attempt(request.user, attempt):
        raise Http404
    return attempt


class SaveSerializer(serializers.Serializer):
    slot = serializers.IntegerField(min_value=1, max_value=32767)
    seq = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    fields = serializers.DictField(child=serializers.JSONField(), allow_empty=True)  # type: ignore[assignment]

    def validate_fields(self, value: dict[str, Any]) -> dict[str, list[str]]:
        clean: dict[str, list[str]] = {}
        for name, raw in value.items():
            values = raw if isinstance(raw, list) else [raw]
            if not all(isinstance(v, str | int | float | bool) for v in values):
                raise serializers.ValidationError(_("Each field is a list of strings."))
            clean[str(name)] = [str(v) for v in values]
        return clean


class AnswerSaveView(APIView):
    """The hot path: one SELECT and one conditional UPDATE, no session write."""

    @extend_schema(
        summary="Save one answer (idempotent by seq)",
        request=SaveSerializer,
        responses=inline_serializer(
            "AnswerSaved",
            {
                "slot": serializers.IntegerField(),
                "seq": serializers.IntegerField(),
                "saved": serializers.BooleanField(),
                "saved_at": serializers.DateTimeField(allow_null=True),
                "deadline": serializers.DateTimeField(allow_null=True),
            },
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        body = SaveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            result = services.attempt_save_answer(
                attempt_id=pk,
                user=request.user,
                slot=data["slot"],
                seq=data["seq"],
                fields=data["fields"],
                ip=client_ip(request._request),
            )
        except AttemptAnswer.DoesNotExist:
            raise Http404 from None
        except services.AttemptClosedError as exc:
            return _error(exc.message, exc.code, 409)
        except services.AttemptError as exc:
            return _error(exc.message, exc.code, 403)
        except ValidationError as exc:
            return _error(" ".join(exc.messages), "invalid", 400)
        return Response(
            {
                "slot": result.slot,
                "seq": result.seq,
                "saved": result.saved,
                "saved_at": _iso(result.saved_at),
                "deadline": _iso(result.deadline),
            }
        )


class AttachFileView(APIView):
    """Attach a file to an essay slot: multipart ``file`` → ``{"slot", "file", "name"}``;
    then save the answer with ``fields[q<slot>-file] = [file]``."""

    parser_classes = [MultiPartParser]

    @extend_schema(summary="Attach a file to an essay answer", request=None, responses=dict)
    def post(self, request: Request, pk: int, slot: int) -> Response:
        upload = request.FILES.get("file")
        if upload is None:
            return _error(_("Choose a file."), "invalid", 400)
        try:
            stored = services.attempt_attach_file(
                attempt_id=pk, user=request.user, slot=slot, upload=upload
            )
        except AttemptAnswer.DoesNotExist:
            raise Http404 from None
        except services.AttemptClosedError as exc:
            return _error(exc.message, exc.code, 409)
        except ValidationError as exc:
            return _error(" ".join(exc.messages), "invalid", 400)
        return Response({"slot": slot, "file": stored, "name": stored.rsplit("/", 1)[-1]})


class HeartbeatView(APIView):
    @extend_schema(summary="The attempt page is alive", request=None, responses=dict)
    def post(self, request: Request, pk: int) -> Response:
        if not services.attempt_heartbeat(attempt_id=pk, user=request.user):
            raise Http404
        attempt = Attempt.objects.only("deadline").get(pk=pk)
        now = clock.now()
        return Response(
            {
                "deadline": _iso(attempt.deadline),
                "server_time": now.isoformat(),
                "remaining_seconds": selectors.remaining_seconds(attempt, now),
            }
        )


class SubmitView(APIView):
    @extend_schema(summary="Submit the attempt (exactly once)", request=None, responses=dict)
    def post(self, request: Request, pk: int) -> Response:
        attempt = get_object_or_404(
            Attempt.objects.select_related("test"), pk=pk, user_id=request.user.pk
        )
        attempt = services.attempt_submit(attempt=attempt, user=request.user)
        return Response(attempt_state_payload(attempt, request.user))
