"""The attempt API as the page's JavaScript and the benchmark use it."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from dot.assessments.factories import make_test_with_questions
from dot.assessments.models import Attempt, AttemptAnswer, AttemptState, FinishedBy

pytestmark = pytest.mark.django_db

# Pieces of the sample questions' answer keys (dot/questions/samples.py): key names,
# the short and numeric right answers, the single choice's feedback.
ANSWER_KEY_MARKERS = (
    "fraction",
    "feedback_true",
    '"correct": true',
    "tolerance",
    "case_sensitive",
    "all_or_nothing",
    "ньютон",
    "9.81",
    "Верно.",
)


def start(client: Any, test: Any, **body: Any) -> Any:
    return client.post(f"/api/assessments/tests/{test.pk}/attempts/", body, format="json")


def save(client: Any, attempt_id: int, slot: int, seq: int, fields: dict) -> Any:
    return client.post(
        f"/api/assessments/attempts/{attempt_id}/answers/",
        {"slot": slot, "seq": seq, "fields": fields},
        format="json",
    )


def right_choice(answer: AttemptAnswer) -> str:
    return next(o["id"] for o in answer.question_version.data["options"] if o["fraction"] == "1")


def test_student_starts_saves_and_submits(world: Any, api: Any, clock: Any) -> None:
    test = make_test_with_questions(course=world.course, count=3, review_correct=True)
    client = api(world.student)

    started = start(client, test)

    assert started.status_code == 201
    data = started.json()
    assert len(data["slots"]) == 3
    assert data["remaining_seconds"] == 30 * 60
    attempt_id = data["id"]
    answers = list(AttemptAnswer.objects.filter(attempt_id=attempt_id).order_by("slot"))
    for answer in answers:
        reply = save(
            client, attempt_id, answer.slot, 1, {f"q{answer.slot}-choice": [right_choice(answer)]}
        )
        assert reply.status_code == 200
        assert reply.json()["saved"] is True

    submitted = client.post(f"/api/assessments/attempts/{attempt_id}/submit/")

    assert submitted.status_code == 200
    result = submitted.json()
    assert result["state"] == "finished"
    assert result["score"] == "100.00"
    assert result["sum_marks"] == "3.00"
    assert result["passed"] is True
    assert len(result["slots"]) == 3
    attempt = Attempt.objects.get(pk=attempt_id)
    assert attempt.finished_by == FinishedBy.STUDENT


def test_resume_returns_the_same_attempt_on_another_device(world: Any, api: Any) -> None:
    test = make_test_with_questions(course=world.course, count=2)
    first = start(api(world.student), test).json()
    save(api(world.student), first["id"], 1, 1, {"q1-choice": ["2"]})

    again = start(api(world.student), test)

    assert again.status_code == 200
    assert again.json()["id"] == first["id"]
    assert again.json()["slots"][0]["response"] == {"choice": "2"}
    assert again.json()["slots"][0]["seq"] == 1
    assert Attempt.objects.filter(test=test).count() == 1


def test_repeated_and_out_of_order_saves_change_nothing(world: Any, api: Any) -> None:
    test = make_test_with_questions(course=world.course, count=1)
    client = api(world.student)
    attempt_id = start(client, test).json()["id"]

    assert save(client, attempt_id, 1, 2, {"q1-choice": ["3"]}).json()["saved"] is True
    stale = save(client, attempt_id, 1, 1, {"q1-choice": ["1"]}).json()
    repeat = save(client, attempt_id, 1, 2, {"q1-choice": ["4"]}).json()

    assert stale["saved"] is False
    assert repeat["saved"] is False
    answer = AttemptAnswer.objects.get(attempt_id=attempt_id, slot=1)
    assert answer.response == {"choice": "3"}
    assert answer.seq == 2


def test_save_after_deadline_and_grace_is_refused_and_attempt_finalised(
    world: Any, api: Any, clock: Any
) -> None:
    test = make_test_with_questions(course=world.course, count=2, time_limit=10, grace_seconds=30)
    client = api(world.student)
    attempt_id = start(client, test).json()["id"]
    assert save(client, attempt_id, 1, 1, {"q1-choice": ["1"]}).status_code == 200

    clock.advance(minutes=10, seconds=20)  # inside the grace period
    assert save(client, attempt_id, 2, 1, {"q2-choice": ["1"]}).json()["saved"] is True
    clock.advance(seconds=11)  # past deadline + grace
    late = save(client, attempt_id, 1, 2, {"q1-choice": ["2"]})

    assert late.status_code == 409
    assert late.json()["code"] == "closed"
    attempt = Attempt.objects.get(pk=attempt_id)
    assert attempt.state == AttemptState.FINISHED
    assert attempt.finished_by == FinishedBy.DEADLINE
    assert attempt.finished_at == attempt.deadline
    assert AttemptAnswer.objects.get(attempt_id=attempt_id, slot=1).response == {"choice": "1"}


def test_client_clock_is_irrelevant_deadline_from_server(world: Any, api: Any, clock: Any) -> None:
    test = make_test_with_questions(course=world.course, count=1, time_limit=5)
    data = start(api(world.student), test).json()
    clock.advance(minutes=2)

    state = api(world.student).get(f"/api/assessments/attempts/{data['id']}/").json()

    assert state["remaining_seconds"] == 3 * 60
    assert state["server_time"] == clock.current.isoformat()


def test_another_students_attempt_is_404(world: Any, api: Any) -> None:
    test = make_test_with_questions(course=world.course, count=1)
    attempt_id = start(api(world.student), test).json()["id"]
    other = api(world.student2)

    assert other.get(f"/api/assessments/attempts/{attempt_id}/").status_code == 404
    assert save(other, attempt_id, 1, 1, {"q1-choice": ["1"]}).status_code == 404
    assert other.post(f"/api/assessments/attempts/{attempt_id}/submit/").status_code == 404
    assert AttemptAnswer.objects.get(attempt_id=attempt_id).seq == 0


def test_anonymous_is_refused(world: Any, api: Any) -> None:
    test = make_test_with_questions(course=world.course, count=1)
    assert start(api(None), test).status_code in (401, 403)
    assert api(None).get(f"/api/assessments/courses/{world.course.pk}/tests/").status_code in (
        401,
        403,
    )


def test_outsider_and_other_teacher_do_not_see_the_test(world: Any, api: Any) -> None:
    test = make_test_with_questions(course=world.course, count=1)
    assert start(api(world.outsider), test).status_code == 404
    assert start(api(world.other_teacher), test).status_code == 404
    assert api(world.outsider).get(f"/api/assessments/tests/{test.pk}/").status_code == 404


def test_teacher_sees_the_test_but_does_not_take_it(world: Any, api: Any) -> None:
    test = make_test_with_questions(course=world.course, count=1, access_code="K1")
    teacher = api(world.teacher)
    assert teacher.get(f"/api/assessments/tests/{test.pk}/").json()["access_code"] == "K1"
    assert start(teacher, test).status_code == 403
    student_view = api(world.student).get(f"/api/assessments/tests/{test.pk}/").json()
    assert "access_code" not in student_view
    assert student_view["needs_access_code"] is True


def test_access_code_and_networks(world: Any, api: Any, settings: Any) -> None:
    test = make_test_with_questions(
        course=world.course, count=1, access_code="K1", allowed_networks="10.1.0.0/16"
    )
    client = api(world.student)
    wrong = start(client, test, access_code="nope")
    assert wrong.status_code == 403
    assert wrong.json()["code"] == "network"  # REMOTE_ADDR 127.0.0.1 is not an access point
    client.defaults["REMOTE_ADDR"] = "10.1.2.3"
    assert start(client, test, access_code="nope").json()["code"] == "access_code"
    assert start(client, test, access_code="K1").status_code == 201
    # X-Forwarded-For counts only when the deployment trusts its proxy.
    other = api(world.student2)
    other.defaults["HTTP_X_FORWARDED_FOR"] = "10.1.9.9"
    assert start(other, test, access_code="K1").json()["code"] == "network"
    settings.DOT_TRUST_X_FORWARDED_FOR = True
    assert start(other, test, access_code="K1").status_code == 201


def test_no_answer_keys_reach_the_student_before_review(world: Any, api: Any) -> None:
    test = make_test_with_questions(
        course=world.course,
        count=5,
        qtypes=("single", "multiple", "truefalse", "short", "numeric"),
        review_when="after_close",
        review_correct=True,
        review_feedback=True,
    )
    client = api(world.student)
    data = start(client, test).json()
    attempt_id = data["id"]
    texts = [json.dumps(data, ensure_ascii=False)]
    texts.append(json.dumps(client.get(f"/api/assessments/attempts/{attempt_id}/").json()))
    submitted = client.post(f"/api/assessments/attempts/{attempt_id}/submit/").json()
    texts.append(json.dumps(submitted, ensure_ascii=False))
    texts.append(json.dumps(client.get(f"/api/assessments/attempts/{attempt_id}/").json()))

    for text in texts:
        for marker in ANSWER_KEY_MARKERS:
            assert marker not in text
    assert "score" not in submitted  # review only after the test closes
    assert submitted["review"] == {
        "score": False,
        "answers": False,
        "correct": False,
        "feedback": False,
    }


def test_double_submit_returns_the_same_result(world: Any, api: Any) -> None:
    test = make_test_with_questions(course=world.course, count=2)
    client = api(world.student)
    attempt_id = start(client, test).json()["id"]
    save(client, attempt_id, 1, 1, {"q1-choice": ["1"]})

    first = client.post(f"/api/assessments/attempts/{attempt_id}/submit/").json()
    second = client.post(f"/api/assessments/attempts/{attempt_id}/submit/").json()

    assert first == second
    attempt = Attempt.objects.get(pk=attempt_id)
    assert attempt.finished_at is not None
    from dot.core.models import AuditLog

    assert (
        AuditLog.objects.filter(
            action="assessments.attempt_finish", object_id=str(attempt_id)
        ).count()
        == 1
    )
    assert save(client, attempt_id, 1, 2, {"q1-choice": ["2"]}).status_code == 409


def test_malformed_answer_is_400_and_changes_nothing(world: Any, api: Any) -> None:
    test = make_test_with_questions(course=world.course, count=1)
    client = api(world.student)
    attempt_id = start(client, test).json()["id"]
    bad = save(client, attempt_id, 1, 1, {"q1-choice": ["999"]})
    assert bad.status_code == 400
    assert bad.json()["detail"]
    assert save(client, attempt_id, 9, 1, {}).status_code == 404
    assert (
        client.post(
            f"/api/assessments/attempts/{attempt_id}/answers/", {"slot": "x"}, format="json"
        ).status_code
        == 400
    )
    assert AttemptAnswer.objects.get(attempt_id=attempt_id).seq == 0


def test_course_tests_list(world: Any, api: Any) -> None:
    test = make_test_with_questions(course=world.course, count=1)
    make_test_with_questions(course=world.course, count=1, is_published=False, title="Черновик")
    student = api(world.student).get(f"/api/assessments/courses/{world.course.pk}/tests/").json()
    teacher = api(world.teacher).get(f"/api/assessments/courses/{world.course.pk}/tests/").json()
    assert [t["id"] for t in student["results"]] == [test.pk]
    assert len(teacher["results"]) == 2
    assert (
        api(world.outsider).get(f"/api/assessments/courses/{world.course.pk}/tests/").status_code
        == 404
    )


def test_attempts_allowed_and_marks(world: Any, api: Any) -> None:
    test = make_test_with_questions(course=world.course, count=1, attempts_allowed=1)
    client = api(world.student)
    attempt_id = start(client, test).json()["id"]
    client.post(f"/api/assessments/attempts/{attempt_id}/submit/")
    again = start(client, test)
    assert again.status_code == 403
    assert again.json()["code"] == "no_attempts"
    assert Attempt.objects.get(pk=attempt_id).sum_marks == Decimal("0.00")


def test_essay_file_is_attached_saved_and_served_to_the_teacher(
    world: Any, api: Any, settings: Any, tmp_path: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from dot.content.samples import pdf_bytes

    settings.MEDIA_ROOT = str(tmp_path / "media")
    test = make_test_with_questions(
        course=world.course, count=2, qtypes=("essay", "single"), shuffle_questions=False
    )
    client = api(world.student)
    attempt_id = start(client, test).json()["id"]
    url = f"/api/assessments/attempts/{attempt_id}/slots/1/file/"

    exe = client.post(url, {"file": SimpleUploadedFile("отчёт.pdf", b"MZ" + b"\0" * 64)})
    assert exe.status_code == 400
    wrong_slot = client.post(
        f"/api/assessments/attempts/{attempt_id}/slots/2/file/",
        {"file": SimpleUploadedFile("a.pdf", pdf_bytes())},
    )
    assert wrong_slot.status_code == 400
    other = api(world.student2).post(url, {"file": SimpleUploadedFile("a.pdf", pdf_bytes())})
    assert other.status_code == 404

    uploaded = client.post(url, {"file": SimpleUploadedFile("отчёт.pdf", pdf_bytes())})
    assert uploaded.status_code == 200
    stored = uploaded.json()["file"]
    assert stored.startswith(f"assessments/answers/{attempt_id}/1/")
    forged = save(
        client, attempt_id, 1, 1, {"q1-text": ["<p>См. файл</p>"], "q1-file": ["secret.pdf"]}
    )
    assert forged.status_code == 400
    ok = save(client, attempt_id, 1, 2, {"q1-text": ["<p>См. файл</p>"], "q1-file": [stored]})
    assert ok.json()["saved"] is True
    assert AttemptAnswer.objects.get(attempt_id=attempt_id, slot=1).response["file"] == stored

    teacher = Client()
    teacher.force_login(world.teacher)
    download = teacher.get(f"/tests/attempts/{attempt_id}/files/1/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    stranger = Client()
    stranger.force_login(world.student2)
    assert stranger.get(f"/tests/attempts/{attempt_id}/files/1/").status_code == 404
