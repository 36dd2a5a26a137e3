"""Moodle XML import and export (parsed with defusedxml).

Supported: multichoice (single/multi), truefalse, shortanswer, numerical (units),
matching, ordering (qtype_ordering), gapselect/ddwtos and multianswer (Cloze) as our
«gaps», essay, category records (``$course$/top/A/B`` → nested categories) and images
embedded as ``@@PLUGINFILE@@`` base64 files. Other types are reported by number and name.
"""

from __future__ import annotations

import base64
import binascii
import re
from decimal import Decimal
from typing import Any
from xml.etree.ElementTree import Element  # noqa: S405 - only the type; parsing is defusedxml

from defusedxml import ElementTree as SafeET
from django.utils.translation import gettext as _

from .. import qtypes
from ..qtypes import dec, fmt_fraction
from .cloze import parse_cloze, to_cloze
from .common import (
    ParsedQuestion,
    ParseResult,
    Problem,
    fraction_to_percent,
    join_category_path,
    percent_to_fraction,
    plain_to_html,
    split_category_path,
)

ORDERING_FROM_MOODLE = {
    "ALL_OR_NOTHING": "all_or_nothing",
    "-1": "all_or_nothing",
    "ABSOLUTE_POSITION": "absolute",
    "0": "absolute",
    "RELATIVE_NEXT_EXCLUDE_LAST": "relative_next",
    "1": "relative_next",
    "LONGEST_ORDERED_SUBSET": "longest_subset",
    "5": "longest_subset",
    "LONGEST_CONTIGUOUS_SUBSET": "longest_contiguous",
    "6": "longest_contiguous",
}
ORDERING_APPROX = {
    "RELATIVE_NEXT_INCLUDE_LAST": "relative_next",
    "2": "relative_next",
    "RELATIVE_ONE_PREVIOUS_AND_NEXT": "relative_next",
    "3": "relative_next",
    "RELATIVE_ALL_PREVIOUS_AND_NEXT": "relative_next",
    "4": "relative_next",
    "RELATIVE_TO_CORRECT": "absolute",
    "7": "absolute",
}
ORDERING_TO_MOODLE = {
    "all_or_nothing": "ALL_OR_NOTHING",
    "absolute": "ABSOLUTE_POSITION",
    "relative_next": "RELATIVE_NEXT_EXCLUDE_LAST",
    "longest_subset": "LONGEST_ORDERED_SUBSET",
    "longest_contiguous": "LONGEST_CONTIGUOUS_SUBSET",
}
SUPPORTED = {
    "multichoice", "truefalse", "shortanswer", "numerical", "match", "ordering",
    "gapselect", "ddwtos", "multianswer", "essay",
}  # fmt: skip


class XmlError(Exception):
    pass


def _child(el: Element | None, tag: str) -> Element | None:
    return None if el is None else el.find(tag)


def _text(el: Element | None, tag: str | None = None, default: str = "") -> str:
    """Text of ``<tag><text>..</text></tag>`` (or of ``<tag>`` itself)."""
    node = el if tag is None else _child(el, tag)
    if node is None:
        return default
    inner = node.find("text")
    if inner is not None:
        return inner.text or ""
    return node.text or default


def _html(el: Element | None, tag: str | None = None) -> str:
    node = el if tag is None else _child(el, tag)
    if node is None:
        return ""
    raw = _text(node)
    fmt = node.get("format", "html")
    if fmt in ("html", ""):
        return raw.strip()
    if fmt == "markdown":
        from dot.content.rendering import markdown_to_html

        return markdown_to_html(raw)
    return plain_to_html(raw)


def _value(el: Element | None, tag: str, default: str = "") -> str:
    node = _child(el, tag)
    if node is None:
        return default
    return (node.text or "").strip() or default


def _bool(el: Element | None, tag: str, default: bool) -> bool:
    value = _value(el, tag, "")
    if value == "":
        return default
    return value.lower() in ("1", "true", "yes")


def _files(el: Element) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for node in el.iter("file"):
        name = node.get("name") or ""
        if not name or (node.get("encoding") or "base64") != "base64":
            continue
        try:
            files[(node.get("path") or "/").lstrip("/") + name] = base64.b64decode(
                (node.text or "").strip(), validate=False
            )
        except (binascii.Error, ValueError):
            continue
    return files


def _answer_feedback(answer: Element) -> str:
    return _html(answer, "feedback")


def parse(content: bytes | str) -> ParseResult:
    result = ParseResult()
    if isinstance(content, str):
        content = content.encode("utf-8")
    try:
        root = SafeET.fromstring(content)
    except SafeET.ParseError as exc:
        line = getattr(exc, "position", (0, 0))[0]
        result.errors.append(
            Problem(
                _("line %(n)s") % {"n": line}, _("The file is not valid XML: %(e)s") % {"e": exc}
            )
        )
        return result
    except Exception as exc:  # defusedxml refuses entities/DTDs  # noqa: BLE001
        result.errors.append(Problem("", _("The file was refused: %(e)s") % {"e": exc}))
        return result
    if root.tag != "quiz":
        result.errors.append(Problem("", _("This is not a Moodle XML file (no <quiz> element).")))
        return result
    category: list[str] | None = None
    number = 0
    for node in root.findall("question"):
        qtype = node.get("type", "")
        if qtype == "category":
            category = split_category_path(_text(node, "category"))
            if category not in result.categories:
                result.categories.append(category)
            continue
        number += 1
        name = qtypes.normalise_space(_text(node, "name"))[:255]
        where = _("question %(n)s «%(name)s»") % {"n": number, "name": name or "—"}
        if qtype in ("random", "description"):
            result.warnings.append(
                Problem(
                    where,
                    _("«%(type)s» is not a question to grade; it is skipped.") % {"type": qtype},
                )
            )
            continue
        if qtype not in SUPPORTED:
            result.errors.append(
                Problem(
                    where,
                    _("The question type «%(type)s» is not supported; it is not imported.")
                    % {"type": qtype},
                )
            )
            continue
        try:
            parsed = _parse_question(node, qtype, name, where, result)
        except (XmlError, ArithmeticError, ValueError) as exc:
            result.errors.append(Problem(where, str(exc)))
            continue
        if parsed is None:
            continue
        parsed.category = category
        errors = qtypes.validate_data(parsed.qtype, parsed.text, parsed.data)
        if not parsed.name:
            errors.setdefault("name", []).append(_("The question has no name."))
        if not qtypes.normalise_space(parsed.text) and "<img" not in parsed.text:
            errors.setdefault("text", []).append(_("The question has no text."))
        if errors:
            for messages in errors.values():
                for message in messages:
                    result.errors.append(Problem(where, message))
            continue
        result.questions.append(parsed)
    if number == 0 and not result.errors:
        result.errors.append(Problem("", _("The file holds no questions.")))
    return result


def _parse_question(
    node: Element, qtype: str, name: str, where: str, result: ParseResult
) -> ParsedQuestion | None:
    text = _html(node, "questiontext")
    common: dict[str, Any] = {
        "name": name,
        "where": where,
        "general_feedback": _html(node, "generalfeedback"),
        "default_mark": dec(_value(node, "defaultgrade", "1"), Decimal(1)).quantize(
            Decimal("0.01")
        ),
        "files": _files(node),
        "hidden": _bool(node, "hidden", False),
    }
    answers = node.findall("answer")
    if qtype == "multichoice":
        single = _bool(node, "single", True)
        options = [
            {
                "text": _html(a),
                "fraction": percent_to_fraction(a.get("fraction")),
                "feedback": _answer_feedback(a),
            }
            for n, a in enumerate(answers, 1)
        ]
        data: dict[str, Any] = {"options": options, "shuffle": _bool(node, "shuffleanswers", True)}
        if not single:
            positive = sum(
                (dec(o["fraction"]) for o in options if dec(o["fraction"]) > 0), Decimal(0)
            )
            data["all_or_nothing"] = False
            if abs(positive - 1) > Decimal("0.0001"):
                raise XmlError(_("The positive grades must add up to 100 %."))
        return ParsedQuestion(
            qtype="single" if single else "multiple", text=text, data=data, **common
        )
    if qtype == "truefalse":
        correct = True
        fb = {"true": "", "false": ""}
        for a in answers:
            label = _text(a).strip().lower()
            if label not in ("true", "false"):
                raise XmlError(_("A true/false answer must be «true» or «false»."))
            fb[label] = _answer_feedback(a)
            if dec(percent_to_fraction(a.get("fraction"))) > 0:
                correct = label == "true"
        return ParsedQuestion(
            qtype="truefalse",
            text=text,
            data={"correct": correct, "feedback_true": fb["true"], "feedback_false": fb["false"]},
            **common,
        )
    if qtype == "shortanswer":
        data = {
            "answers": [
                {
                    "text": qtypes.normalise_space(_text(a)),
                    "fraction": percent_to_fraction(a.get("fraction")),
                    "feedback": _answer_feedback(a),
                }
                for a in answers
            ],
            "case_sensitive": _bool(node, "usecase", False),
        }
        return ParsedQuestion(qtype="short", text=text, data=data, **common)
    if qtype == "numerical":
        num_answers = []
        for a in answers:
            value = _text(a).strip()
            if value != "*" and qtypes.parse_number(value) is None:
                raise XmlError(_("The answer «%(v)s» is not a number.") % {"v": value})
            num_answers.append(
                {
                    "value": value,
                    "tolerance": _value(a, "tolerance", "0"),
                    "fraction": percent_to_fraction(a.get("fraction")),
                    "feedback": _answer_feedback(a),
                }
            )
        units = [
            {"unit": _value(u, "unit_name"), "multiplier": _value(u, "multiplier", "1")}
            for u in node.findall("units/unit")
        ]
        show = _value(node, "showunits", "3")
        grading = _value(node, "unitgradingtype", "0")
        if not units or show == "3":
            mode = "none"
        elif grading in ("1", "2"):
            mode = "graded"
        else:
            mode = "optional"
        if grading == "2" and mode == "graded":
            result.warnings.append(
                Problem(where, _("The unit penalty is applied to the response's grade."))
            )
        data = {
            "answers": num_answers,
            "units": units,
            "unit_mode": mode,
            "unit_penalty": fmt_fraction(dec(_value(node, "unitpenalty", "0.1"))),
        }
        return ParsedQuestion(qtype="numeric", text=text, data=data, **common)
    if qtype == "match":
        pairs = [
            {
                "stem": _html(s),
                "answer": qtypes.normalise_space(_text(s, "answer")),
            }
            for n, s in enumerate(node.findall("subquestion"), 1)
        ]
        data = {"pairs": pairs, "shuffle": _bool(node, "shuffleanswers", True)}
        return ParsedQuestion(qtype="matching", text=text, data=data, **common)
    if qtype == "ordering":
        grading_raw = _value(node, "gradingtype", "ALL_OR_NOTHING").upper()
        mapped = ORDERING_FROM_MOODLE.get(grading_raw)
        grading = (
            mapped if mapped is not None else ORDERING_APPROX.get(grading_raw, "all_or_nothing")
        )
        if mapped is None:
            result.warnings.append(
                Problem(
                    where,
                    _("The ordering grading «%(g)s» is approximated by «%(ours)s».")
                    % {"g": grading_raw, "ours": grading},
                )
            )
        items = [{"text": _html(a)} for a in answers]
        if _value(node, "selecttype", "ALL").upper() not in ("ALL", "0") and _value(
            node, "selectcount", "0"
        ) not in ("0", str(len(items))):
            result.warnings.append(
                Problem(where, _("All items are shown (a subset selection is not supported)."))
            )
        return ParsedQuestion(
            qtype="ordering", text=text, data={"items": items, "grading": grading}, **common
        )
    if qtype in ("gapselect", "ddwtos"):
        tag = "selectoption" if qtype == "gapselect" else "dragbox"
        choices = [
            (qtypes.normalise_space(_text(c)), _value(c, "group", "1")) for c in node.findall(tag)
        ]
        gaps: list[dict[str, Any]] = []

        def replace(m: re.Match[str]) -> str:
            index = int(m.group(1)) - 1
            if index < 0 or index >= len(choices):
                raise XmlError(_("The gap [[%(n)s]] has no choice.") % {"n": m.group(1)})
            right, group = choices[index]
            gid = str(len(gaps) + 1)
            gaps.append(
                {
                    "id": gid,
                    "kind": "select",
                    "answers": [{"text": right, "fraction": "1"}],
                    "options": [c for c, g in choices if g == group],
                }
            )
            return f"[[{gid}]]"

        text = re.sub(r"\[\[(\d+)\]\]", replace, text)
        if qtype == "ddwtos":
            result.warnings.append(
                Problem(where, _("Drag-and-drop into text is shown as drop-down lists."))
            )
        data = {"gaps": gaps, "shuffle": _bool(node, "shuffleanswers", True)}
        return ParsedQuestion(qtype="gaps", text=text, data=data, **common)
    if qtype == "multianswer":
        text, data, problems = parse_cloze(text)
        if problems:
            raise XmlError(" ".join(problems))
        if _child(node, "defaultgrade") is None:  # Moodle: the sum of the gaps' marks
            common["default_mark"] = sum(
                (dec(g.get("weight"), Decimal(1)) for g in data["gaps"]), Decimal(0)
            ).quantize(Decimal("0.01"))
        return ParsedQuestion(qtype="gaps", text=text, data=data, **common)
    if qtype == "essay":
        fmt = _value(node, "responseformat", "editor")
        data = {
            "response_format": "none"
            if fmt == "noinline"
            else "plain"
            if fmt in ("plain", "monospaced")
            else "editor",
            "response_required": _bool(node, "responserequired", True),
            "attachments": max(0, int(_value(node, "attachments", "0") or 0)),
            "attachments_required": max(0, int(_value(node, "attachmentsrequired", "0") or 0)),
            "template": _html(node, "responsetemplate"),
            "grader_info": _html(node, "graderinfo"),
            "min_words": _value(node, "minwordlimit", "") or None,
            "max_words": _value(node, "maxwordlimit", "") or None,
        }
        return ParsedQuestion(qtype="essay", text=text, data=data, **common)
    return None


# --- export --------------------------------------------------------------------------------


def _cdata(text: str) -> str:
    return "<![CDATA[" + (text or "").replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _esc(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _text_el(tag: str, html: str, files: dict[str, bytes] | None = None, fmt: str = "html") -> str:
    inner = f"<text>{_cdata(html)}</text>"
    for name, content in (files or {}).items():
        inner += (
            f'<file name="{_esc(name)}" path="/" encoding="base64">'
            f"{base64.b64encode(content).decode()}</file>"
        )
    return f'<{tag} format="{fmt}">{inner}</{tag}>'


def _pct(value: Any) -> str:
    return fraction_to_percent(value)


def export(questions: list[dict[str, Any]]) -> str:
    """``questions``: dicts with qtype, name, text, general_feedback, default_mark, data,
    category (list of names), files ({name: bytes}), hidden — already with @@PLUGINFILE@@."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    current: list[str] | None = None
    for q in questions:
        if q.get("category") != current:
            current = q.get("category") or []
            out.append(
                '  <question type="category">\n    <category><text>'
                f"{_esc(join_category_path(current))}</text></category>\n"
                '    <info format="html"><text></text></info>\n  </question>'
            )
        out.append(_export_one(q))
    out.append("</quiz>")
    return "\n".join(out) + "\n"


def _export_one(q: dict[str, Any]) -> str:
    qtype, data = q["qtype"], q["data"]
    files = q.get("files", {})
    mtype = {
        "single": "multichoice",
        "multiple": "multichoice",
        "truefalse": "truefalse",
        "short": "shortanswer",
        "numeric": "numerical",
        "matching": "match",
        "ordering": "ordering",
        "gaps": "multianswer",
        "essay": "essay",
    }[qtype]
    text = to_cloze(q["text"], data) if qtype == "gaps" else q["text"]
    lines = [
        f'  <question type="{mtype}">',
        f"    <name><text>{_esc(q['name'])}</text></name>",
        "    " + _text_el("questiontext", text, files),
        "    " + _text_el("generalfeedback", q.get("general_feedback", "")),
        f"    <defaultgrade>{fmt_fraction(dec(q.get('default_mark'), Decimal(1)))}</defaultgrade>",
        "    <penalty>0.3333333</penalty>",
        f"    <hidden>{1 if q.get('hidden') else 0}</hidden>",
        "    <idnumber></idnumber>",
    ]
    if qtype in ("single", "multiple"):
        lines += [
            f"    <single>{'true' if qtype == 'single' else 'false'}</single>",
            f"    <shuffleanswers>{'true' if data.get('shuffle') else 'false'}</shuffleanswers>",
            "    <answernumbering>abc</answernumbering>",
            "    <showstandardinstruction>0</showstandardinstruction>",
        ]
        for o in data["options"]:
            lines.append(
                f'    <answer fraction="{_pct(o["fraction"])}" format="html">'
                f"<text>{_cdata(o['text'])}</text>"
                + _text_el("feedback", o.get("feedback", ""))
                + "</answer>"
            )
    elif qtype == "truefalse":
        for label in ("true", "false"):
            right = (label == "true") == bool(data.get("correct"))
            lines.append(
                f'    <answer fraction="{100 if right else 0}" format="moodle_auto_format">'
                f"<text>{label}</text>"
                + _text_el("feedback", data.get(f"feedback_{label}", ""))
                + "</answer>"
            )
    elif qtype == "short":
        lines.append(f"    <usecase>{1 if data.get('case_sensitive') else 0}</usecase>")
        for a in data["answers"]:
            lines.append(
                f'    <answer fraction="{_pct(a["fraction"])}" format="moodle_auto_format">'
                f"<text>{_esc(a['text'])}</text>"
                + _text_el("feedback", a.get("feedback", ""))
                + "</answer>"
            )
    elif qtype == "numeric":
        for a in data["answers"]:
            lines.append(
                f'    <answer fraction="{_pct(a["fraction"])}" format="moodle_auto_format">'
                f"<text>{_esc(a['value'])}</text>"
                + _text_el("feedback", a.get("feedback", ""))
                + f"<tolerance>{_esc(a.get('tolerance') or '0')}</tolerance></answer>"
            )
        mode = data.get("unit_mode", "none")
        if data.get("units"):
            lines.append("    <units>")
            for u in data["units"]:
                lines.append(
                    f"      <unit><multiplier>{_esc(u['multiplier'])}</multiplier>"
                    f"<unit_name>{_esc(u['unit'])}</unit_name></unit>"
                )
            lines.append("    </units>")
        lines += [
            f"    <unitgradingtype>{1 if mode == 'graded' else 0}</unitgradingtype>",
            f"    <unitpenalty>{_esc(data.get('unit_penalty', '0.1'))}</unitpenalty>",
            f"    <showunits>{3 if mode == 'none' else 2}</showunits>",
            "    <unitsleft>0</unitsleft>",
        ]
    elif qtype == "matching":
        lines.append(
            f"    <shuffleanswers>{'true' if data.get('shuffle') else 'false'}</shuffleanswers>"
        )
        for p in data["pairs"]:
            lines.append(
                f'    <subquestion format="html"><text>{_cdata(p["stem"])}</text>'
                f"<answer><text>{_esc(p['answer'])}</text></answer></subquestion>"
            )
    elif qtype == "ordering":
        lines += [
            "    <layouttype>VERTICAL</layouttype>",
            "    <selecttype>ALL</selecttype>",
            "    <selectcount>0</selectcount>",
            f"    <gradingtype>{ORDERING_TO_MOODLE[data.get('grading', 'all_or_nothing')]}</gradingtype>",
            "    <showgrading>SHOW</showgrading>",
            "    <numberingstyle>none</numberingstyle>",
        ]
        for i in data["items"]:
            lines.append(
                f'    <answer fraction="1.0000000" format="html"><text>{_cdata(i["text"])}</text></answer>'
            )
    elif qtype == "essay":
        fmt = {"none": "noinline", "plain": "plain"}.get(data.get("response_format", ""), "editor")
        lines += [
            f"    <responseformat>{fmt}</responseformat>",
            f"    <responserequired>{1 if data.get('response_required') else 0}</responserequired>",
            "    <responsefieldlines>15</responsefieldlines>",
            f"    <minwordlimit>{data.get('min_words') or ''}</minwordlimit>",
            f"    <maxwordlimit>{data.get('max_words') or ''}</maxwordlimit>",
            f"    <attachments>{int(data.get('attachments') or 0)}</attachments>",
            f"    <attachmentsrequired>{int(data.get('attachments_required') or 0)}</attachmentsrequired>",
            "    <maxbytes>0</maxbytes>",
            "    <filetypeslist></filetypeslist>",
            "    " + _text_el("graderinfo", data.get("grader_info", "")),
            "    " + _text_el("responsetemplate", data.get("template", "")),
        ]
    lines.append("  </question>")
    return "\n".join(lines)
