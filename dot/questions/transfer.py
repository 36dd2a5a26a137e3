"""Import into a bank and export from it (Moodle XML, GIFT, Aiken).

Import is two-step: ``parse_file`` gives a report (questions, errors with line/question,
warnings); ``import_parsed`` saves it — nothing when the report has errors unless
``import_valid=True`` (the user ticked «import the valid questions»). Images embedded
as ``@@PLUGINFILE@@`` files are checked (content and size) and stored in the bank.
"""

from __future__ import annotations

import io
import re
import urllib.parse
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from dot.content.files import FAMILY, TYPES, check_upload
from dot.core.audit import audit_record

from . import qtypes, services
from .interchange import aiken, gift, moodle_xml
from .interchange.common import ParsedQuestion, ParseResult, Problem
from .models import Category, Question, QuestionBank, QuestionImage

FORMATS = {"xml": "Moodle XML", "gift": "GIFT", "aiken": "Aiken"}
MAX_IMPORT_BYTES = 20 * 1024 * 1024
PLUGIN_RE = re.compile(r"@@PLUGINFILE@@/([^\"'\s)<>?#]+)")
IMAGE_URL_RE = re.compile(r"/questions/img/([0-9a-f-]{36})/([^\"'\s)<>?#]+)")


def parse_file(fmt: str, content: bytes) -> ParseResult:
    if len(content) > MAX_IMPORT_BYTES:
        result = ParseResult()
        result.errors.append(Problem("", _("The file is too large (at most 20 MB).")))
        return result
    parser = {"xml": moodle_xml.parse, "gift": gift.parse, "aiken": aiken.parse}.get(fmt)
    if parser is None:
        result = ParseResult()
        result.errors.append(Problem("", _("Unknown format.")))
        return result
    return parser(content)


def store_image(*, bank: QuestionBank, name: str, content: bytes, actor: Any) -> QuestionImage:
    """An image checked by its content and size (dot/content/files.py) and stored."""
    name = re.sub(r"[^\w.\-]+", "_", urllib.parse.unquote(name).rsplit("/", 1)[-1])[:150] or "image"
    kind = check_upload(io.BytesIO(content), name, len(content))
    if FAMILY.get(kind) != "image":
        raise ValidationError(
            _("«%(name)s» is not an image (PNG, JPEG, GIF or WebP).") % {"name": name}
        )
    image = QuestionImage(
        bank=bank, name=name, content_type=TYPES[kind][0], size=len(content), created_by=actor
    )
    image.file.save(name, ContentFile(content), save=False)
    image.save()
    return image


def _rewrite(value: Any, mapping: dict[str, str]) -> Any:
    if isinstance(value, str):
        return PLUGIN_RE.sub(
            lambda m: mapping.get(urllib.parse.unquote(m.group(1)), m.group(0)), value
        )
    if isinstance(value, list):
        return [_rewrite(v, mapping) for v in value]
    if isinstance(value, dict):
        return {k: _rewrite(v, mapping) for k, v in value.items()}
    return value


@transaction.atomic
def import_parsed(
    *,
    bank: QuestionBank,
    result: ParseResult,
    actor: Any,
    target: Category | None = None,
    import_valid: bool = False,
) -> list[Question]:
    """Save the parsed questions (categories from the file under ``target``)."""
    if result.errors and not import_valid:
        raise ValidationError(
            _(
                "The file has errors: nothing was imported. Fix the file or import the valid questions."
            )
        )
    base = target or services.top_category(bank)
    base_names = _names_below_top(base)
    created: list[Question] = []
    for parsed in result.questions:
        category = services.get_or_create_category_path(
            bank=bank, names=base_names + (parsed.category or []), actor=actor
        )
        mapping: dict[str, str] = {}
        for name, content in parsed.files.items():
            try:
                image = store_image(bank=bank, name=name, content=content, actor=actor)
            except ValidationError:
                continue
            mapping[name] = image.get_absolute_url()
        text = _rewrite(parsed.text, mapping)
        data = _rewrite(parsed.data, mapping)
        question = services.create_question(
            category=category,
            qtype=parsed.qtype,
            name=parsed.name,
            text=text,
            data=data,
            actor=actor,
            general_feedback=_rewrite(parsed.general_feedback, mapping),
            default_mark=parsed.default_mark,
            validate=False,
        )
        if parsed.hidden:
            question.is_hidden = True
            question.save(update_fields=["is_hidden"])
        created.append(question)
    audit_record(
        actor=actor,
        obj=bank,
        action="questions.imported",
        changes={"count": [0, len(created)]},
    )
    return created


def _names_below_top(category: Category) -> list[str]:
    names: list[str] = []
    node: Category | None = category
    while node is not None and node.parent_id is not None:
        names.insert(0, node.name)
        node = node.parent
    return names


def _export_dicts(questions: list[Question], *, embed_images: bool) -> list[dict[str, Any]]:
    """Current versions as plain dicts with category paths below the bank's top."""
    if not questions:
        return []
    bank_id = questions[0].bank_id
    cats = {c.pk: c for c in Category.objects.filter(bank_id=bank_id)}

    def names(cat_id: int) -> list[str]:
        result: list[str] = []
        node = cats.get(cat_id)
        while node is not None and node.parent_id is not None:
            result.insert(0, node.name)
            node = cats.get(node.parent_id)
        return result

    images = {str(i.uid): i for i in QuestionImage.objects.filter(bank_id=bank_id)}
    out = []
    for q in questions:
        v = q.current
        if v is None:
            continue
        item: dict[str, Any] = {
            "qtype": v.qtype,
            "name": v.name,
            "text": v.text,
            "general_feedback": v.general_feedback,
            "default_mark": v.default_mark,
            "data": v.data,
            "category": names(q.category_id),
            "hidden": q.is_hidden,
            "files": {},
        }
        if embed_images:
            files: dict[str, bytes] = {}

            def embed(m: re.Match[str], files: dict[str, bytes] = files) -> str:
                image = images.get(m.group(1))
                if image is None:
                    return m.group(0)
                try:
                    with image.file.open("rb") as fh:
                        files[image.name] = fh.read()
                except OSError:
                    return m.group(0)
                return f"@@PLUGINFILE@@/{urllib.parse.quote(image.name)}"

            item["text"] = IMAGE_URL_RE.sub(embed, item["text"])
            item["files"] = files
        out.append(item)
    return out


def export_questions(questions: list[Question], fmt: str) -> tuple[str, list[str]]:
    """(file text, names of skipped questions)."""
    if fmt == "gift":
        return gift.export(_export_dicts(questions, embed_images=False))
    return moodle_xml.export(_export_dicts(questions, embed_images=True)), []


def snapshot(question: Question) -> dict[str, Any]:
    """A question's comparable content (round-trip tests)."""
    v = question.current
    assert v is not None
    return {
        "qtype": v.qtype,
        "name": v.name,
        "text": v.text,
        "general_feedback": v.general_feedback,
        "default_mark": v.default_mark,
        "data": qtypes.canonical(v.qtype, v.data),
    }


__all__ = ["FORMATS", "ParsedQuestion", "export_questions", "import_parsed", "parse_file"]
