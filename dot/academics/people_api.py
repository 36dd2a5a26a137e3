"""REST API of groups, students, semester registrations, teaching assignments (with the
load by the time norms) and DOT certificates (п. 3.3, 4.7, 4.8, 5.4.4).

Same permissions as the pages (``people_permissions``): a caller without the role gets
403 on a list, objects outside the caller's scope answer 404; writes go through the same
services as the pages.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from dot.accounts.models import User

from . import people_permissions as perms
from . import people_selectors, people_services
from .models import (
    Discipline,
    DotCertificate,
    Programme,
    Semester,
    SemesterRegistration,
    Student,
    StudentGroup,
    StudentStatus,
    TeachingAssignment,
)


def _int_params(request: Request, names: dict[str, str]) -> dict[str, int]:
    """Filters from the query string (``param → lookup``); 400 on a non-integer value."""
    found: dict[str, int] = {}
    for name, lookup in names.items():
        value = request.query_params.get(name)
        if value in (None, ""):
            continue
        if not str(value).isdigit():
            raise DRFValidationError({name: [_("Enter a whole number.")]})
        found[lookup] = int(str(value))
    return found


def _drf_error(exc: DjangoValidationError) -> DRFValidationError:
    if hasattr(exc, "error_dict"):
        return DRFValidationError(exc.message_dict)
    return DRFValidationError({"non_field_errors": exc.messages})


class _Allowed(permissions.BasePermission):
    """403 on a list for callers whose role gives them none (``check(user)``); on one
    object the scoped queryset decides, so a forbidden object answers 404."""

    check: Any = staticmethod(lambda user: False)

    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if "pk" in getattr(view, "kwargs", {}):
            return True  # an object outside the caller's scope answers 404, like a missing one
        return bool(self.check(request.user))


class CanListGroups(_Allowed):
    check = staticmethod(perms.can_list_groups)


class CanSeeAssignments(_Allowed):
    check = staticmethod(
        lambda user: perms.can_list_departments(user) or perms.can_view_my_load(user)
    )


class CanSeeCertificates(_Allowed):
    check = staticmethod(
        lambda user: (
            perms.can_list_departments(user)
            or perms.can_view_my_load(user)
            or perms.can_keep_any_certificates(user)
        )
    )


class CanSeeRegistrations(_Allowed):
    check = staticmethod(
        lambda user: perms.can_list_groups(user) or perms.can_see_my_disciplines(user)
    )


# --- Groups --------------------------------------------------------------------------------


class StudentGroupSerializer(serializers.ModelSerializer):
    programme = serializers.PrimaryKeyRelatedField(queryset=Programme.objects.all())
    programme_code = serializers.CharField(source="programme.code", read_only=True)
    curator = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), allow_null=True, required=False
    )
    tutor = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = StudentGroup
        fields = [
            "id",
            "name",
            "programme",
            "programme_code",
            "intake_year",
            "study_form",
            "is_dot_group",
            "curator",
            "tutor",
            "is_active",
        ]
        read_only_fields = ["is_active"]
        validators: list[Any] = []  # uniqueness is checked by the service


class RegisterSerializer(serializers.Serializer):
    semester = serializers.PrimaryKeyRelatedField(queryset=Semester.objects.all())
    students = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="Only these students"
    )
    electives = serializers.DictField(
        child=serializers.DictField(child=serializers.IntegerField()),
        required=False,
        help_text='{"<student id>": {"<elective group>": <curriculum line id>}}',
    )


class RegisterResultSerializer(serializers.Serializer):
    students = serializers.IntegerField()
    created = serializers.IntegerField()
    existing = serializers.IntegerField()
    removed = serializers.IntegerField()
    curriculum_semester = serializers.IntegerField()
    missing_choice = serializers.DictField(child=serializers.ListField())


class StudentGroupViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Groups of the caller's faculty (п. 4.7); the dean's office creates and edits them."""

    serializer_class = StudentGroupSerializer
    permission_classes = [CanListGroups]

    def get_queryset(self) -> QuerySet[StudentGroup]:
        qs = perms.groups_visible_to(self.request.user).select_related("programme")
        qs = qs.filter(
            **_int_params(self.request, {"programme": "programme_id", "intake_year": "intake_year"})
        )
        if self.request.query_params.get("study_form"):
            qs = qs.filter(study_form=self.request.query_params["study_form"])
        return qs.order_by("name")

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        data = dict(serializer.validated_data)
        if not perms.can_manage_faculty(self.request.user, data["programme"].faculty):
            raise DRFValidationError({"programme": [_("Not a programme of your faculty.")]})
        try:
            serializer.instance = people_services.group_create(actor=self.request.user, **data)
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        group = serializer.instance
        assert isinstance(group, StudentGroup)
        if not perms.can_edit_group(self.request.user, group):
            raise NotFound
        data = dict(serializer.validated_data)
        if "programme" in data and not perms.can_manage_faculty(
            self.request.user, data["programme"].faculty
        ):
            raise DRFValidationError({"programme": [_("Not a programme of your faculty.")]})
        try:
            serializer.instance = people_services.group_update(
                group=group, actor=self.request.user, **data
            )
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc

    @extend_schema(request=RegisterSerializer, responses=RegisterResultSerializer)
    @action(detail=True, methods=["post"])
    def register(self, request: Request, pk: str | None = None) -> Response:
        """Register the group (or ``students``) to a semester's disciplines of the approved
        РУП, with electives chosen per student; idempotent."""
        group = self.get_object()
        if not perms.can_edit_group(request.user, group):
            raise NotFound
        serializer = RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        students = None
        if data.get("students"):
            students = list(Student.objects.filter(pk__in=data["students"]))
            if len(students) != len(set(data["students"])):
                raise DRFValidationError({"students": [_("Unknown student.")]})
        electives: dict[int, dict[str, int]] = {}
        for key, choices in (data.get("electives") or {}).items():
            try:
                electives[int(key)] = dict(choices)
            except ValueError as exc:
                raise DRFValidationError({"electives": [_("Keys are student ids.")]}) from exc
        try:
            result = people_services.semester_register(
                group=group,
                semester=data["semester"],
                actor=request.user,
                students=students,
                electives=electives,
            )
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc
        payload = {
            "students": result.students,
            "created": result.created,
            "existing": result.existing,
            "removed": result.removed,
            "curriculum_semester": result.curriculum_semester,
            "missing_choice": {str(k): v for k, v in result.missing_choice.items()},
        }
        return Response(payload, status=status.HTTP_200_OK)


# --- Students ------------------------------------------------------------------------------


class StudentSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    full_name = serializers.CharField(source="user.full_name", read_only=True)
    group_name = serializers.CharField(source="group.name", read_only=True, default=None)

    class Meta:
        model = Student
        fields = [
            "id",
            "username",
            "full_name",
            "group",
            "group_name",
            "programme",
            "record_book_number",
            "status",
            "is_listener",
            "enrolled_on",
        ]
        read_only_fields = fields


class StudentCreateSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150)
    first_name = serializers.CharField(max_length=150)
    patronymic = serializers.CharField(max_length=150, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    programme = serializers.PrimaryKeyRelatedField(queryset=Programme.objects.all())
    group = serializers.PrimaryKeyRelatedField(
        queryset=StudentGroup.objects.all(), allow_null=True, required=False
    )
    record_book_number = serializers.CharField(max_length=30)
    is_listener = serializers.BooleanField(required=False, default=False)
    enrolled_on = serializers.DateField()


class StatusChangeSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=StudentStatus.choices)
    date = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class StatusHistorySerializer(serializers.Serializer):
    status = serializers.CharField()
    date = serializers.DateField()
    reason = serializers.CharField()


class StudentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Students of the caller's faculty; ``create`` enrols one with a new account,
    ``status`` records a dated status change."""

    serializer_class = StudentSerializer
    permission_classes = [CanListGroups]

    def get_queryset(self) -> QuerySet[Student]:
        qs = perms.students_visible_to(self.request.user).select_related("user", "group")
        qs = qs.filter(**_int_params(self.request, {"group": "group_id"}))
        if self.request.query_params.get("status"):
            qs = qs.filter(status=self.request.query_params["status"])
        return qs.order_by("user__last_name", "user__first_name", "pk")

    @extend_schema(request=StudentCreateSerializer, responses={201: StudentSerializer})
    def create(self, request: Request) -> Response:
        serializer = StudentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if not perms.can_manage_faculty(request.user, data["programme"].faculty):
            raise PermissionDenied
        try:
            student = people_services.student_account_create(
                actor=request.user,
                username=data.get("username", ""),
                last_name=data["last_name"],
                first_name=data["first_name"],
                patronymic=data.get("patronymic", ""),
                email=data.get("email", ""),
                programme=data["programme"],
                group=data.get("group"),
                record_book_number=data["record_book_number"],
                is_listener=data["is_listener"],
                enrolled_on=data["enrolled_on"],
            )
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc
        return Response(StudentSerializer(student).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=StatusChangeSerializer, responses=StudentSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request: Request, pk: str | None = None) -> Response:
        student = self.get_object()
        if not perms.can_edit_student(request.user, student):
            raise NotFound
        serializer = StatusChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            people_services.student_change_status(
                student=student, actor=request.user, **serializer.validated_data
            )
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc
        student.refresh_from_db()
        return Response(StudentSerializer(student).data)

    @extend_schema(responses=StatusHistorySerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: str | None = None) -> Response:
        student = self.get_object()
        rows = student.status_changes.order_by("-date", "-id")
        return Response(StatusHistorySerializer(rows, many=True).data)


# --- Registrations ---------------------------------------------------------------------------


class RegistrationSerializer(serializers.ModelSerializer):
    discipline = serializers.IntegerField(source="curriculum_line.discipline_id", read_only=True)
    discipline_name = serializers.CharField(
        source="curriculum_line.discipline.name", read_only=True
    )
    ects = serializers.DecimalField(
        source="curriculum_line.ects", max_digits=5, decimal_places=2, read_only=True
    )

    class Meta:
        model = SemesterRegistration
        fields = [
            "id",
            "student",
            "semester",
            "curriculum_line",
            "discipline",
            "discipline_name",
            "ects",
            "created_at",
        ]
        read_only_fields = fields


class RegistrationViewSet(viewsets.ReadOnlyModelViewSet):
    """Registrations visible to the caller: the faculty's (dean's office), or one's own."""

    serializer_class = RegistrationSerializer
    permission_classes = [CanSeeRegistrations]

    def get_queryset(self) -> QuerySet[SemesterRegistration]:
        qs = perms.registrations_visible_to(self.request.user).select_related(
            "curriculum_line", "curriculum_line__discipline"
        )
        qs = qs.filter(
            **_int_params(
                self.request,
                {"semester": "semester_id", "student": "student_id", "group": "student__group_id"},
            )
        )
        return qs.order_by("semester_id", "student_id", "curriculum_line__order", "pk")


# --- Teaching assignments and load ------------------------------------------------------------


class TeachingAssignmentSerializer(serializers.ModelSerializer):
    teacher = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    discipline = serializers.PrimaryKeyRelatedField(queryset=Discipline.objects.all())
    group = serializers.PrimaryKeyRelatedField(
        queryset=StudentGroup.objects.all(), allow_null=True, required=False
    )
    semester = serializers.PrimaryKeyRelatedField(queryset=Semester.objects.all())

    class Meta:
        model = TeachingAssignment
        fields = [
            "id",
            "teacher",
            "discipline",
            "group",
            "semester",
            "class_kind",
            "hours",
            "is_external",
            "curriculum_line",
        ]
        read_only_fields = ["curriculum_line"]
        validators: list[Any] = []


class LoadSerializer(serializers.Serializer):
    teacher = serializers.IntegerField()
    teacher_name = serializers.CharField()
    by_kind = serializers.DictField(child=serializers.DecimalField(max_digits=12, decimal_places=4))
    total = serializers.DecimalField(max_digits=12, decimal_places=4)
    missing_norms = serializers.IntegerField()


class TeachingAssignmentViewSet(viewsets.ModelViewSet):
    """Assignments of the departments the caller heads (or the caller's own classes);
    written by the head of the discipline's department (п. 4.8)."""

    serializer_class = TeachingAssignmentSerializer
    permission_classes = [CanSeeAssignments]

    def get_queryset(self) -> QuerySet[TeachingAssignment]:
        qs = perms.assignments_visible_to(self.request.user).select_related(
            "discipline", "discipline__department"
        )
        qs = qs.filter(
            **_int_params(
                self.request,
                {
                    "semester": "semester_id",
                    "teacher": "teacher_id",
                    "group": "group_id",
                    "department": "discipline__department_id",
                },
            )
        )
        return qs.order_by("semester_id", "teacher_id", "discipline_id", "class_kind", "pk")

    def _department_of(self, discipline: Discipline) -> Any:
        if not perms.can_manage_assignments(self.request.user, discipline.department):
            raise DRFValidationError({"discipline": [_("Not a discipline of your department.")]})
        return discipline.department

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        data = dict(serializer.validated_data)
        department = self._department_of(data["discipline"])
        try:
            serializer.instance = people_services.assignment_create(
                actor=self.request.user,
                staff_ids=people_selectors.department_staff_ids(department),
                group=data.pop("group", None),
                **data,
            )
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        assignment = serializer.instance
        assert isinstance(assignment, TeachingAssignment)
        if not perms.can_edit_assignment(self.request.user, assignment):
            raise NotFound
        data = dict(serializer.validated_data)
        if "discipline" in data:
            self._department_of(data["discipline"])
        try:
            serializer.instance = people_services.assignment_update(
                assignment=assignment,
                actor=self.request.user,
                staff_ids=people_selectors.department_staff_ids(
                    data.get("discipline", assignment.discipline).department
                ),
                **data,
            )
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc

    def perform_destroy(self, instance: TeachingAssignment) -> None:
        if not perms.can_edit_assignment(self.request.user, instance):
            raise NotFound
        people_services.assignment_delete(assignment=instance, actor=self.request.user)

    @extend_schema(
        parameters=[
            OpenApiParameter("semester", int, description="semester id"),
            OpenApiParameter("department", int, description="department id"),
            OpenApiParameter("teacher", int, description="teacher (user) id"),
        ],
        responses=LoadSerializer(many=True),
    )
    @action(detail=False, methods=["get"])
    def load(self, request: Request) -> Response:
        """Teachers' load by the time norms (п. 5.4.4) over the filtered assignments."""
        loads = people_selectors.workload_by_teacher(self.get_queryset())
        return Response(
            [
                {
                    "teacher": load.teacher.pk,
                    "teacher_name": load.teacher.full_name,
                    "by_kind": {k: str(v) for k, v in load.by_kind.items()},
                    "total": str(load.total),
                    "missing_norms": load.missing_norms,
                }
                for load in loads
            ]
        )


# --- DOT certificates --------------------------------------------------------------------------


class DotCertificateSerializer(serializers.ModelSerializer):
    teacher = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    scan = serializers.FileField(required=False, allow_null=True, write_only=True)
    has_scan = serializers.SerializerMethodField()

    class Meta:
        model = DotCertificate
        fields = [
            "id",
            "teacher",
            "kind",
            "issuer",
            "number",
            "issued_on",
            "valid_until",
            "scan",
            "has_scan",
        ]

    def get_has_scan(self, obj: DotCertificate) -> bool:
        return bool(obj.scan)


class CertificateStatusSerializer(serializers.Serializer):
    teacher = serializers.IntegerField()
    teacher_name = serializers.CharField()
    state = serializers.ChoiceField(choices=["valid", "expiring", "missing"])
    certificate = serializers.IntegerField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)
    days_left = serializers.IntegerField(allow_null=True)


class DotCertificateViewSet(viewsets.ModelViewSet):
    """DOT certificates (п. 3.3) of the teachers the caller may see; kept by the head of
    the teacher's department and the academic office. ``scan``: PDF, JPEG or PNG."""

    serializer_class = DotCertificateSerializer
    permission_classes = [CanSeeCertificates]

    def get_queryset(self) -> QuerySet[DotCertificate]:
        qs = perms.certificates_visible_to(self.request.user)
        qs = qs.filter(**_int_params(self.request, {"teacher": "teacher_id"}))
        return qs.order_by("teacher_id", "-issued_on", "pk")

    def _check_keeper(self, teacher: User) -> None:
        if not perms.can_keep_certificates(self.request.user, teacher):
            raise DRFValidationError({"teacher": [_("You do not keep this teacher's records.")]})

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        data = dict(serializer.validated_data)
        self._check_keeper(data["teacher"])
        try:
            serializer.instance = people_services.certificate_create(
                actor=self.request.user, **data
            )
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        certificate = serializer.instance
        assert isinstance(certificate, DotCertificate)
        if not perms.can_keep_certificates(self.request.user, certificate.teacher):
            raise NotFound
        data = dict(serializer.validated_data)
        data.pop("teacher", None)
        try:
            serializer.instance = people_services.certificate_update(
                certificate=certificate, actor=self.request.user, **data
            )
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc

    def perform_destroy(self, instance: DotCertificate) -> None:
        if not perms.can_keep_certificates(self.request.user, instance.teacher):
            raise NotFound
        people_services.certificate_delete(certificate=instance, actor=self.request.user)

    @extend_schema(
        parameters=[OpenApiParameter("department", int, required=True)],
        responses=CertificateStatusSerializer(many=True),
    )
    @action(detail=False, methods=["get"])
    def registry(self, request: Request) -> Response:
        """Each teacher of a department: valid, expiring within 60 days, or missing."""
        department = (
            perms.departments_visible_to(request.user)
            .filter(pk=request.query_params.get("department") or 0)
            .first()
            if (request.query_params.get("department") or "").isdigit()
            else None
        )
        if department is None:
            raise NotFound
        rows = people_selectors.certificate_statuses(
            people_selectors.department_teachers(department)
        )
        return Response(
            [
                {
                    "teacher": s.teacher.pk,
                    "teacher_name": s.teacher.full_name,
                    "state": s.state,
                    "certificate": s.certificate.pk if s.certificate else None,
                    "valid_until": s.certificate.valid_until if s.certificate else None,
                    "days_left": s.days_left,
                }
                for s in rows
            ]
        )


router = SimpleRouter()
router.register("groups", StudentGroupViewSet, basename="academics-group")
router.register("students", StudentViewSet, basename="academics-student")
router.register("registrations", RegistrationViewSet, basename="academics-registration")
router.register(
    "teaching-assignments", TeachingAssignmentViewSet, basename="academics-teaching-assignment"
)
router.register("certificates", DotCertificateViewSet, basename="academics-certificate")
