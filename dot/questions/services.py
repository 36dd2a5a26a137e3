"""Writes of question banks: banks, categories, questions and their versions.

Every write is atomic and audited. Editing a question always creates a new version and
makes it current, so attempts keep the version they saw (issue #6: «editing a used
question keeps the version that attempts saw»).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max

from dot.core.audit import audit_record

from . import qtypes
from .models import Category, Question, QuestionBank, QuestionVersion
from .richtext import sanitize_html


def _clean_data(qtype: str, data: dict[str, Any]) -> dict[str, Any]:
    """Rich-text parts of the type data sanitised."""
    data = dict(data)
    if qtype in ("single", "multiple"):
        data["options"] = [
            {
                **o,
                "text": sanitize_html(o.get("text", "")),
                "feedback": sanitize_html(o.get("feedback", "")),
            }
            for o in data.get("options", [])
        ]
    elif qtype == "truefalse":
        for key in ("feedback_true", "feedback_false"):
            data[key] = sanitize_html(data.get(key, ""))
    elif qtype in ("short", "numeric"):
        data["answers"] = [
            {**a, "feedback": sanitize_html(a.get("feedback", ""))} for a in data.get("answers", [])
        ]
    elif qtype == "matching":
        data["pairs"] = [
            {**p, "stem": sanitize_html(p.get("stem", ""))} for p in data.get("pairs", [])
        ]
    elif qtype == "ordering":
        data["items"] = [
            {**i, "text": sanitize_html(i.get("text", ""))} for i in data.get("items", [])
        ]
    elif qtype == "essay":
        for key in ("template", "grader_info"):
            data[key] = sanitize_html(data.get(key, ""))
    return data


def prepare(qtype: str, data: dict[str, Any]) -> dict[str, Any]:
    """Canonical, sanitised type data (what is stored)."""
    return _clean_data(qtype, qtypes.canonical(qtype, data))


def check_question(
    *, qtype: str, name: str, text: str, default_mark: Decimal | str | int, data: dict[str, Any]
) -> dict[str, list[str]]:
    """All problems of a question's content ({field: [messages]})."""
    from django.utils.translation import gettext as _

    try:
        errors = qtypes.validate_data(qtype, text, data)
        qtypes.canonical(qtype, data)
    except (AttributeError, TypeError, KeyError, ValueError, ArithmeticError):
        errors = {"data": [_("The type data is malformed.")]}
    if not name.strip():
        errors.setdefault("name", []).append(_("Give the question a name."))
    if not qtypes.normalise_space(text):
        errors.setdefault("text", []).append(_("Write the question text."))
    mark = qtypes.dec(default_mark, Decimal(-1))
    if mark <= 0 or mark > Decimal("10000"):
        errors.setdefault("default_mark", []).append(_("The mark must be a positive number."))
    return errors


@transaction.atomic
def create_bank(*, discipline: Any, title: str, actor: Any) -> QuestionBank:
    bank = QuestionBank.objects.create(
        discipline=discipline,
        department=discipline.department,
        title=title.strip(),
        created_by=actor,
    )
    top = create_category(
        bank=bank, parent=None, name=str(discipline.name)[:255] or title, actor=actor
    )
    del top
    audit_record(actor=actor, obj=bank, action="questions.bank_created")
    return bank


def _set_path(category: Category) -> None:
    prefix = category.parent.path if category.parent_id and category.parent else "/"
    category.path = f"{prefix}{category.pk}/"
    Category.objects.filter(pk=category.pk).update(path=category.path)


@transaction.atomic
def create_category(
    *, bank: QuestionBank, parent: Category | None, name: str, actor: Any, info: str = ""
) -> Category:
    from django.utils.translation import gettext as _

    name = name.strip()[:255]
    if not name:
        raise ValidationError({"name": _("Give the category a name.")})
    if parent is not None and parent.bank_id != bank.pk:
        raise ValidationError({"parent": _("The parent category belongs to another bank.")})
    if Category.objects.filter(bank=bank, parent=parent, name=name).exists():
        raise ValidationError({"name": _("A category with this name already exists here.")})
    order = Category.objects.filter(bank=bank, parent=parent).aggregate(m=Max("sort_order"))["m"]
    category = Category.objects.create(
        bank=bank, parent=parent, name=name, info=info, sort_order=(order or 0) + 1
    )
    _set_path(category)
    audit_record(actor=actor, obj=category, action="questions.category_created")
    return category


def get_or_create_category_path(*, bank: QuestionBank, names: list[str], actor: Any) -> Category:
    """The category at a path of names under the bank's top category (import)."""
    top = top_category(bank)
    category = top
    for name in names:
        name = name.strip()[:255]
        if not name:
            continue
        found = Category.objects.filter(bank=bank, parent=category, name=name).first()
        category = found or create_category(bank=bank, parent=category, name=name, actor=actor)
    return category


def top_category(bank: QuestionBank) -> Category:
    top = Category.objects.filter(bank=bank, parent=None).order_by("sort_order", "pk").first()
    if top is None:
        top = create_category(bank=bank, parent=None, name=bank.title or "top", actor=None)
    return top


@transaction.atomic
def rename_category(*, category: Category, name: str, info: str, actor: Any) -> Category:
    from django.utils.translation import gettext as _

    name = name.strip()[:255]
    if not name:
        raise ValidationError({"name": _("Give the category a name.")})
    clash = Category.objects.filter(bank=category.bank, parent=category.parent, name=name)
    if clash.exclude(pk=category.pk).exists():
        raise ValidationError({"name": _("A category with this name already exists here.")})
    category.name, category.info = name, info
    category.save(update_fields=["name", "info"])
    audit_record(actor=actor, obj=category, action="questions.category_renamed")
    return category


@transaction.atomic
def delete_category(*, category: Category, actor: Any) -> None:
    from django.utils.translation import gettext as _

    if category.parent_id is None:
        raise ValidationError(_("The top category of a bank cannot be deleted."))
    subtree = Category.objects.filter(bank=category.bank, path__startswith=category.path)
    if Question.objects.filter(category__in=subtree).exists():
        raise ValidationError(_("Move or delete the questions of this category first."))
    audit_record(actor=actor, obj=category, action="questions.category_deleted")
    category.delete()


@transaction.atomic
def create_question(
    *,
    category: Category,
    qtype: str,
    name: str,
    text: str,
    data: dict[str, Any],
    actor: Any,
    general_feedback: str = "",
    default_mark: Decimal | str | int = Decimal(1),
    validate: bool = True,
) -> Question:
    """A new question with its version 1 (current)."""
    text = sanitize_html(text)
    if validate:
        errors = check_question(
            qtype=qtype, name=name, text=text, default_mark=default_mark, data=data
        )
        if errors:
            raise ValidationError(errors)
    data = prepare(qtype, data)
    question = Question.objects.create(
        bank_id=category.bank_id, category=category, qtype=qtype, created_by=actor
    )
    version = QuestionVersion.objects.create(
        question=question,
        number=1,
        qtype=qtype,
        name=name.strip()[:255],
        text=text,
        general_feedback=sanitize_html(general_feedback),
        default_mark=qtypes.dec(default_mark, Decimal(1)),
        data=data,
        created_by=actor,
    )
    question.current = version
    question.save(update_fields=["current"])
    audit_record(actor=actor, obj=question, action="questions.created")
    return question


@transaction.atomic
def edit_question(
    *,
    question: Question,
    name: str,
    text: str,
    data: dict[str, Any],
    actor: Any,
    general_feedback: str = "",
    default_mark: Decimal | str | int = Decimal(1),
) -> QuestionVersion:
    """A new version (number + 1) made current; earlier versions stay for the attempts."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    text = sanitize_html(text)
    errors = check_question(
        qtype=question.qtype, name=name, text=text, default_mark=default_mark, data=data
    )
    if errors:
        raise ValidationError(errors)
    data = prepare(question.qtype, data)
    last = question.versions.aggregate(m=Max("number"))["m"] or 0
    version = QuestionVersion.objects.create(
        question=question,
        number=last + 1,
        qtype=question.qtype,
        name=name.strip()[:255],
        text=text,
        general_feedback=sanitize_html(general_feedback),
        default_mark=qtypes.dec(default_mark, Decimal(1)),
        data=data,
        created_by=actor,
    )
    question.current = version
    question.save(update_fields=["current", "updated_at"])
    audit_record(
        actor=actor, obj=question, action="questions.edited", changes={"version": [last, last + 1]}
    )
    return version


@transaction.atomic
def set_hidden(*, question: Question, hidden: bool, actor: Any) -> Question:
    Question.objects.filter(pk=question.pk).update(is_hidden=hidden)
    question.is_hidden = hidden
    audit_record(
        actor=actor, obj=question, action="questions.hidden" if hidden else "questions.unhidden"
    )
    return question


@transaction.atomic
def move_questions(*, questions: list[Question], category: Category, actor: Any) -> int:
    from django.utils.translation import gettext as _

    if any(q.bank_id != category.bank_id for q in questions):
        raise ValidationError(_("Questions can only be moved within their bank."))
    ids = [q.pk for q in questions]
    count = Question.objects.filter(pk__in=ids).update(category=category)
    for q in questions:
        audit_record(
            actor=actor,
            obj=q,
            action="questions.moved",
            changes={"category": [q.category_id, category.pk]},
        )
    return count


def is_version_used(version: QuestionVersion) -> bool:
    """True when an attempt has used the version (asks dot/assessments if installed)."""
    from django.apps import apps

    try:
        model = apps.get_model("assessments", "AttemptAnswer")
    except LookupError:
        return False
    field_names = {f.name for f in model._meta.get_fields()}
    if "question_version" not in field_names:
        return False
    return bool(model.objects.filter(question_version=version).exists())


__all__ = [
    "F",
    "check_question",
    "create_bank",
    "create_category",
    "create_question",
    "edit_question",
    "get_or_create_category_path",
    "is_version_used",
    "move_questions",
    "set_hidden",
    "top_category",
]
