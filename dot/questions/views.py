"""Pages of question banks: thin views over ``permissions``, ``selectors``, ``services``.

A bank (or question) the caller may not see answers 404, exactly like a missing one.
"""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import editor, permissions, qtypes, selectors, services, transfer
from .models import Category, Question, QuestionBank, QuestionImage, QuestionType, QuestionVersion

IMPORT_DIR = "questions/imports"


def _int(value: str | None) -> int:
    """A posted id, or 0 (matches nothing) when it is not a number."""
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else 0


def _bank_for(request: HttpRequest, pk: int) -> QuestionBank:
    bank = get_object_or_404(
        permissions.visible_to(request.user).select_related("discipline", "department"), pk=pk
    )
    return bank


def _question_for(request: HttpRequest, pk: int) -> Question:
    return get_object_or_404(
        Question.objects.filter(bank__in=permissions.visible_to(request.user)).select_related(
            "current", "bank__discipline", "category"
        ),
        pk=pk,
    )


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def bank_list(request: HttpRequest) -> HttpResponse:
    banks = list(
        permissions.visible_to(request.user)
        .select_related("discipline", "department")
        .order_by("discipline__name", "title")
    )
    counts = selectors.bank_counts([b.pk for b in banks])
    rows = [
        {"bank": b, "counts": counts.get(b.pk, {}), "total": sum(counts.get(b.pk, {}).values())}
        for b in banks
    ]
    disciplines = permissions.disciplines_for_new_bank(request.user)
    if not rows and not disciplines.exists() and not permissions.is_bank_user(request.user):
        raise Http404
    return render(
        request,
        "questions/bank_list.html",
        {"rows": rows, "disciplines": disciplines, "type_labels": dict(QuestionType.choices)},
    )


@login_required
@require_POST
def bank_create(request: HttpRequest) -> HttpResponse:
    discipline = get_object_or_404(
        permissions.disciplines_for_new_bank(request.user), pk=_int(request.POST.get("discipline"))
    )
    title = (request.POST.get("title") or "").strip() or str(discipline.name)
    bank = services.create_bank(discipline=discipline, title=title, actor=request.user)
    messages.success(request, _("The bank is created."))
    return redirect("questions:bank", pk=bank.pk)


@login_required
def bank_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bank = _bank_for(request, pk)
    tree = selectors.category_tree(bank)
    cats = {row["category"].pk: row["category"] for row in tree}
    category = cats.get(_int(request.GET["category"])) if request.GET.get("category") else None
    qtype = request.GET.get("qtype", "")
    if qtype not in qtypes.TYPES:
        qtype = ""
    text = (request.GET.get("q") or "").strip()[:100]
    questions = selectors.bank_questions(
        bank,
        category=category,
        qtype=qtype,
        text=text,
        include_subcategories=request.GET.get("sub", "1") == "1",
    )
    page = Paginator(questions, 50).get_page(request.GET.get("page"))
    umk = getattr(bank.discipline, "umk", None) if hasattr(bank.discipline, "umk") else None
    return render(
        request,
        "questions/bank_detail.html",
        {
            "bank": bank,
            "tree": tree,
            "category": category,
            "page": page,
            "qtype": qtype,
            "q": text,
            "types": editor.type_choices(),
            "umk": umk,
            "formats": transfer.FORMATS,
        },
    )


@login_required
@require_POST
def category_create(request: HttpRequest, pk: int) -> HttpResponse:
    bank = _bank_for(request, pk)
    parent = get_object_or_404(Category, bank=bank, pk=_int(request.POST.get("parent")))
    try:
        category = services.create_category(
            bank=bank,
            parent=parent,
            name=request.POST.get("name", ""),
            actor=request.user,
            info=request.POST.get("info", ""),
        )
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("questions:bank", pk=bank.pk)
    messages.success(request, _("The category is created."))
    return redirect(f"{reverse('questions:bank', args=[bank.pk])}?category={category.pk}")


@login_required
@require_POST
def category_edit(request: HttpRequest, pk: int) -> HttpResponse:
    category = get_object_or_404(
        Category.objects.filter(bank__in=permissions.visible_to(request.user)), pk=pk
    )
    try:
        if request.POST.get("delete"):
            services.delete_category(category=category, actor=request.user)
            messages.success(request, _("The category is deleted."))
            return redirect("questions:bank", pk=category.bank_id)
        services.rename_category(
            category=category,
            name=request.POST.get("name", ""),
            info=request.POST.get("info", category.info),
            actor=request.user,
        )
        messages.success(request, _("The category is saved."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect(f"{reverse('questions:bank', args=[category.bank_id])}?category={category.pk}")


def _editor_context(
    bank: QuestionBank, qtype: str, values: dict[str, Any], data: dict[str, Any], errors: Any
) -> dict[str, Any]:
    return {
        "bank": bank,
        "qtype": qtype,
        "qtype_label": dict(QuestionType.choices).get(qtype, qtype),
        "values": values,
        "rows": editor.rows_for(qtype, data),
        "data": data,
        "errors": errors or {},
        "categories": selectors.category_tree(bank),
        "grade_choices": editor.GRADE_CHOICES,
        "ordering_gradings": [
            ("all_or_nothing", _("All or nothing")),
            ("absolute", _("Absolute position")),
            ("relative_next", _("Relative to the next item")),
            ("longest_subset", _("Longest ordered subset")),
            ("longest_contiguous", _("Longest contiguous subset")),
        ],
        "unit_modes": [
            ("none", _("No units")),
            ("optional", _("Units accepted, not graded")),
            ("graded", _("Unit required (penalty when missing or wrong)")),
        ],
        "response_formats": [
            ("editor", _("Rich text")),
            ("plain", _("Plain text")),
            ("none", _("No text (file only)")),
        ],
    }


def _save_question(
    request: HttpRequest, bank: QuestionBank, qtype: str, question: Question | None
) -> tuple[Question | None, dict[str, Any], dict[str, Any], dict[str, list[str]]]:
    post = request.POST
    data, errors = editor.data_from_post(qtype, post)
    values = {
        "name": post.get("name", ""),
        "text": post.get("text", ""),
        "general_feedback": post.get("general_feedback", ""),
        "default_mark": post.get("default_mark", "1"),
        "category": post.get("category", ""),
    }
    category = Category.objects.filter(bank=bank, pk=_int(values["category"])).first()
    if category is None:
        errors.setdefault("category", []).append(_("Choose a category."))
    errors_all = dict(errors)
    for field, msgs in services.check_question(
        qtype=qtype,
        name=values["name"],
        text=values["text"],
        default_mark=values["default_mark"],
        data=data,
    ).items():
        errors_all.setdefault(field, []).extend(msgs)
    if errors_all or category is None:
        return None, values, data, errors_all
    mark = qtypes.dec(values["default_mark"], qtypes.ONE)
    if question is None:
        question = services.create_question(
            category=category,
            qtype=qtype,
            name=values["name"],
            text=values["text"],
            data=data,
            actor=request.user,
            general_feedback=values["general_feedback"],
            default_mark=mark,
        )
    else:
        services.edit_question(
            question=question,
            name=values["name"],
            text=values["text"],
            data=data,
            actor=request.user,
            general_feedback=values["general_feedback"],
            default_mark=mark,
        )
        if question.category_id != category.pk:
            services.move_questions(questions=[question], category=category, actor=request.user)
    return question, values, data, {}


@login_required
def question_create(request: HttpRequest, pk: int, qtype: str) -> HttpResponse:
    bank = _bank_for(request, pk)
    if qtype not in qtypes.TYPES:
        raise Http404
    if request.method == "POST":
        question, values, data, errors = _save_question(request, bank, qtype, None)
        if question is not None:
            messages.success(request, _("The question is saved."))
            return redirect("questions:preview", pk=question.pk)
        status = 400
    else:
        category = request.GET.get("category") or str(services.top_category(bank).pk)
        values = {
            "name": "",
            "text": "",
            "general_feedback": "",
            "default_mark": "1",
            "category": category,
        }
        data = qtypes.canonical(qtype, {})
        errors, status = {}, 200
    return render(
        request,
        "questions/question_form.html",
        _editor_context(bank, qtype, values, data, errors),
        status=status,
    )


@login_required
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question_for(request, pk)
    bank = question.bank
    if request.method == "POST":
        saved, values, data, errors = _save_question(request, bank, question.qtype, question)
        if saved is not None:
            messages.success(request, _("A new version of the question is saved."))
            return redirect("questions:preview", pk=question.pk)
        status = 400
    else:
        v = question.current
        assert v is not None
        values = {
            "name": v.name,
            "text": v.text,
            "general_feedback": v.general_feedback,
            "default_mark": qtypes.fmt_fraction(v.default_mark),
            "category": str(question.category_id),
        }
        data, errors, status = v.data, {}, 200
    context = _editor_context(bank, question.qtype, values, data, errors)
    context["question"] = question
    return render(request, "questions/question_form.html", context, status=status)


@login_required
def question_preview(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question_for(request, pk)
    versions = list(selectors.versions_of(question))
    number = request.GET.get("version") or request.POST.get("version")
    version: QuestionVersion | None = question.current
    if number:
        version = next((v for v in versions if v.number == _int(number)), None)
        if version is None:
            raise Http404
    assert version is not None
    raw_seed = request.POST.get("seed") or request.GET.get("seed") or ""
    seed = _int(raw_seed) if _int(raw_seed) else secrets.randbelow(10**6)
    prefix = "p-"
    result: dict[str, Any] | None = None
    response: dict[str, Any] | None = None
    if request.method == "POST":
        fields = {k: request.POST.getlist(k) for k in request.POST if k.startswith(prefix)}
        try:
            response = qtypes.parse_fields(version, fields, prefix=prefix)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            fraction = qtypes.grade(version, response)
            result = {
                "fraction": fraction,
                "mark": None
                if fraction is None
                else (fraction * version.default_mark).quantize(qtypes.Decimal("0.01")),
                "feedback": qtypes.feedback(version, response),
                "summary": qtypes.response_summary(version, response),
            }
    return render(
        request,
        "questions/question_preview.html",
        {
            "question": question,
            "version": version,
            "versions": versions,
            "seed": seed,
            "widget": qtypes.render_widget(version, seed=seed, prefix=prefix, response=response),
            "result": result,
            "correct": qtypes.correct_summary(version),
            "grader_info": version.data.get("grader_info", "") if version.qtype == "essay" else "",
        },
    )


@login_required
def question_history(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question_for(request, pk)
    return render(
        request,
        "questions/question_history.html",
        {"question": question, "versions": selectors.versions_of(question)},
    )


@login_required
@require_POST
def question_hide(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question_for(request, pk)
    hidden = request.POST.get("hidden") == "1"
    services.set_hidden(question=question, hidden=hidden, actor=request.user)
    messages.success(
        request, _("The question is hidden.") if hidden else _("The question is shown again.")
    )
    return redirect(_safe_next(request, question.bank))


@login_required
@require_POST
def questions_move(request: HttpRequest, pk: int) -> HttpResponse:
    bank = _bank_for(request, pk)
    target = Category.objects.filter(bank=bank, pk=_int(request.POST.get("target"))).first()
    ids = [_int(i) for i in request.POST.getlist("question") if _int(i)]
    questions = list(Question.objects.filter(bank=bank, pk__in=ids))
    if target is None or not questions:
        messages.error(request, _("Choose the questions and the category to move them to."))
    else:
        services.move_questions(questions=questions, category=target, actor=request.user)
        messages.success(request, _("The questions are moved."))
    return redirect("questions:bank", pk=bank.pk)


@login_required
def import_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 1: upload → report; step 2 (``token``): confirm → import."""
    bank = _bank_for(request, pk)
    context: dict[str, Any] = {
        "bank": bank,
        "formats": transfer.FORMATS,
        "categories": selectors.category_tree(bank),
    }
    if request.method == "POST" and request.POST.get("token"):
        token = request.POST["token"]
        fmt = request.POST.get("format", "")
        path = f"{IMPORT_DIR}/{bank.pk}/{token}"
        try:
            uuid.UUID(token)
        except ValueError as exc:
            raise Http404 from exc
        if fmt not in transfer.FORMATS or not default_storage.exists(path):
            messages.error(request, _("The uploaded file has expired; upload it again."))
            return redirect("questions:import", pk=bank.pk)
        with default_storage.open(path, "rb") as fh:
            result = transfer.parse_file(fmt, fh.read())
        target = Category.objects.filter(bank=bank, pk=_int(request.POST.get("target"))).first()
        try:
            created = transfer.import_parsed(
                bank=bank,
                result=result,
                actor=request.user,
                target=target,
                import_valid=request.POST.get("import_valid") == "1",
            )
        except ValidationError as exc:
            _errors(request, exc)
            context.update({"result": result, "token": token, "format": fmt, "target": target})
            return render(request, "questions/import.html", context, status=400)
        default_storage.delete(path)
        messages.success(request, _("Imported questions: %(n)s.") % {"n": len(created)})
        return redirect("questions:bank", pk=bank.pk)
    if request.method == "POST":
        upload = request.FILES.get("file")
        fmt = request.POST.get("format", "")
        if upload is None or fmt not in transfer.FORMATS:
            context["form_error"] = _("Choose the format and the file.")
            return render(request, "questions/import.html", context, status=400)
        if (upload.size or 0) > transfer.MAX_IMPORT_BYTES:
            context["form_error"] = _("The file is too large (at most 20 MB).")
            return render(request, "questions/import.html", context, status=400)
        content = upload.read()
        result = transfer.parse_file(fmt, content)
        token = str(uuid.uuid4())
        default_storage.save(f"{IMPORT_DIR}/{bank.pk}/{token}", ContentFile(content))
        target = Category.objects.filter(bank=bank, pk=_int(request.POST.get("target"))).first()
        context.update({"result": result, "token": token, "format": fmt, "target": target})
    return render(request, "questions/import.html", context)


@login_required
def export(request: HttpRequest, pk: int) -> HttpResponse:
    bank = _bank_for(request, pk)
    fmt = request.GET.get("format", "xml")
    if fmt not in ("xml", "gift"):
        raise Http404
    category = Category.objects.filter(bank=bank, pk=_int(request.GET.get("category"))).first()
    questions = list(selectors.bank_questions(bank, category=category))
    text, skipped = transfer.export_questions(questions, fmt)
    name = f"questions-{bank.pk}.{'xml' if fmt == 'xml' else 'gift.txt'}"
    response = HttpResponse(
        text,
        content_type="application/xml; charset=utf-8"
        if fmt == "xml"
        else "text/plain; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(True, name)
    if skipped:
        response["X-Skipped-Questions"] = str(len(skipped))
    return response


@login_required
@require_POST
def image_upload(request: HttpRequest, pk: int) -> HttpResponse:
    bank = _bank_for(request, pk)
    upload = request.FILES.get("image")
    if upload is None:
        return JsonResponse({"error": _("Choose an image.")}, status=400)
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    try:
        image = transfer.store_image(
            bank=bank, name=upload.name or "image", content=upload.read(), actor=request.user
        )
    except ValidationError as exc:
        if not wants_json:
            _errors(request, exc)
            return redirect(_safe_next(request, bank))
        return JsonResponse({"error": " ".join(exc.messages)}, status=400)
    url = image.get_absolute_url()
    if wants_json:
        return JsonResponse({"url": url, "html": f'<img src="{url}" alt="">'})
    messages.success(
        request,
        _("The image is uploaded. Paste this into the text: %(html)s")
        % {"html": f'<img src="{url}" alt="">'},
    )
    return redirect(_safe_next(request, bank))


def _safe_next(request: HttpRequest, bank: QuestionBank) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("questions:bank", args=[bank.pk])


@login_required
def image(request: HttpRequest, uid: uuid.UUID, name: str) -> FileResponse:
    """An image of a question text (any signed-in user: students see it in attempts)."""
    image = get_object_or_404(QuestionImage, uid=uid, name=name)
    try:
        fh = image.file.open("rb")
    except OSError as exc:
        raise Http404 from exc
    response = FileResponse(fh, content_type=image.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=86400"
    return response
