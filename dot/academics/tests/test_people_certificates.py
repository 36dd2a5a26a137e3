"""The DOT certification registry (п. 3.3): valid, expiring within 60 days, missing;
scans checked by their content; training records (п. 4.8, 5.4.6)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from dot.academics import people_services as svc
from dot.academics.models import DotCertificate
from dot.academics.people_selectors import certificate_statuses, department_teachers
from dot.accounts.models import User
from dot.org.models import OrgUnit

from .factories import DotCertificateFactory, TeachingAssignmentFactory
from .people_world import World, build_world, login

ON = datetime.date(2026, 11, 25)
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE = b"MZ\x90\x00" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def w(uni: dict[str, OrgUnit], make_user: Callable[..., User]) -> World:
    return build_world(uni, make_user)


def _state(teacher: User, on: datetime.date = ON) -> tuple[str, int | None]:
    (status,) = certificate_statuses([teacher], on)
    return status.state, status.days_left


def test_a_certificate_expiring_on_the_60th_day_is_flagged(w: World) -> None:
    DotCertificateFactory.create(
        teacher=w.u("teacher"), valid_until=ON + datetime.timedelta(days=60)
    )

    assert _state(w.u("teacher")) == ("expiring", 60)


def test_a_certificate_expiring_on_the_61st_day_is_simply_valid(w: World) -> None:
    DotCertificateFactory.create(
        teacher=w.u("teacher"), valid_until=ON + datetime.timedelta(days=61)
    )

    assert _state(w.u("teacher")) == ("valid", 61)


def test_the_last_day_of_validity_still_counts_and_the_next_does_not(w: World) -> None:
    DotCertificateFactory.create(teacher=w.u("teacher"), valid_until=ON)

    assert _state(w.u("teacher")) == ("expiring", 0)
    assert _state(w.u("teacher"), ON + datetime.timedelta(days=1)) == ("missing", None)


def test_the_longest_valid_certificate_decides_and_no_expiry_beats_any_date(w: World) -> None:
    DotCertificateFactory.create(teacher=w.u("teacher"), valid_until=ON + datetime.timedelta(10))
    DotCertificateFactory.create(teacher=w.u("teacher"), valid_until=None)

    assert _state(w.u("teacher")) == ("valid", None)


def test_a_certificate_issued_after_the_date_does_not_count(w: World) -> None:
    DotCertificateFactory.create(
        teacher=w.u("teacher"), issued_on=ON + datetime.timedelta(days=1), valid_until=None
    )

    assert _state(w.u("teacher")) == ("missing", None)


def test_department_teachers_are_its_staff_and_external_teachers_of_its_disciplines(
    w: World,
) -> None:
    TeachingAssignmentFactory.create(
        teacher=w.u("teacher_sd"),
        discipline=w.d_prop,
        group=w.group,
        semester=w.autumn,
        is_external=True,
    )

    names = {u.username for u in department_teachers(w.units["kd"])}

    assert names == {"p_head_kd", "p_teacher", "p_teacher_sd"}


def test_department_page_lists_who_lacks_and_whose_certificate_expires(
    w: World, client: object
) -> None:
    today = timezone.localdate()
    DotCertificateFactory.create(
        teacher=w.u("teacher"), issued_on=today, valid_until=today + datetime.timedelta(60)
    )
    DotCertificateFactory.create(
        teacher=w.u("head_kd"), issued_on=today, valid_until=today + datetime.timedelta(61)
    )

    response = login(client, w.u("head_kd")).get(
        f"/academics/people/departments/{w.units['kd'].pk}/certificates/"
    )

    assert response.status_code == 200
    states = {s.teacher.username: s.state for s in response.context["statuses"]}
    assert states == {"p_teacher": "expiring", "p_head_kd": "valid"}
    assert (response.context["missing"], response.context["expiring"]) == (0, 1)


# --- Scans -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "kind"), [(PDF, "pdf"), (PNG, "png"), (b"\xff\xd8\xff\xe0" + b"0" * 20, "jpeg")]
)
def test_scans_are_recognised_by_content(content: bytes, kind: str) -> None:
    assert svc.validate_scan(SimpleUploadedFile("x.bin", content)) == kind


def test_a_scan_named_pdf_with_other_content_is_refused(w: World) -> None:
    with pytest.raises(ValidationError) as exc:
        svc.certificate_create(
            actor=w.u("head_kd"),
            teacher=w.u("teacher"),
            kind=DotCertificate.Kind.CERTIFICATE,
            issuer="ОИТЦ",
            issued_on=ON,
            scan=SimpleUploadedFile("scan.pdf", EXE),
        )

    assert list(exc.value.message_dict) == ["scan"]
    assert DotCertificate.objects.count() == 0


def test_a_scan_over_the_limit_is_refused(settings: object, w: World) -> None:
    settings.DOT_SCAN_MAX_BYTES = 1024  # type: ignore[attr-defined]

    with pytest.raises(ValidationError) as exc:
        svc.validate_scan(SimpleUploadedFile("big.pdf", PDF + b"0" * 2000))

    assert exc.value.message_dict["scan"] == ["The file is larger than 1.0\xa0KB."]


def test_head_of_department_uploads_a_scan_and_only_permitted_users_open_it(
    w: World, client: object, settings: object, tmp_path: object
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    c = login(client, w.u("head_kd"))

    response = c.post(
        f"/academics/people/teachers/{w.u('teacher').pk}/certificates/new/",
        {
            "kind": "certificate",
            "issuer": "ОИТЦ ОУ «РМУ»",
            "number": "ДОТ-2026-001",
            "issued_on": "2026-02-10",
            "valid_until": "2029-02-09",
            "scan": SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf"),
        },
    )

    assert response.status_code == 302
    certificate = DotCertificate.objects.get()
    assert certificate.number == "ДОТ-2026-001"
    assert c.get(f"/academics/people/certificates/{certificate.pk}/scan/").status_code == 200
    other = login(client, w.u("head_em"))
    assert other.get(f"/academics/people/certificates/{certificate.pk}/scan/").status_code == 404


def test_the_form_shows_the_scan_error_beside_the_field(w: World, client: object) -> None:
    response = login(client, w.u("head_kd")).post(
        f"/academics/people/teachers/{w.u('teacher').pk}/certificates/new/",
        {
            "kind": "certificate",
            "issuer": "ОИТЦ",
            "issued_on": "2026-02-10",
            "scan": SimpleUploadedFile("scan.pdf", EXE),
        },
    )

    assert response.status_code == 200
    (message,) = response.context["form"].errors["scan"]
    assert "PDF, JPEG" in message
    assert DotCertificate.objects.count() == 0


def test_training_record_is_kept_with_exact_hours(w: World) -> None:
    record = svc.training_create(
        actor=w.u("uo"),
        teacher=w.u("teacher"),
        title="Использование ДОТ в учебном процессе",
        provider="ОИТЦ",
        hours=Decimal("36.5"),
        start=datetime.date(2026, 1, 12),
        end=datetime.date(2026, 1, 30),
    )

    assert record.hours == Decimal("36.5")
    with pytest.raises(ValidationError):
        svc.training_create(
            actor=w.u("uo"),
            teacher=w.u("teacher"),
            title="x",
            provider="y",
            hours=Decimal("1"),
            start=datetime.date(2026, 2, 1),
            end=datetime.date(2026, 1, 1),
        )
