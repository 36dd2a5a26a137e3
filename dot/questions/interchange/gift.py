"""GIFT import and export (Moodle's rules).

Questions are separated by blank lines; ``//`` lines are comments; ``$CATEGORY: path``
switches the category; ``::name::`` names a question; ``[html]``/``[moodle]``/``[plain]``/
``[markdown]`` set the text format; ``\\~ \\= \\# \\{ \\} \\:`` are escapes and ``\\n`` a line
break. Answer blocks: ``{}`` essay, ``{T}``/``{FALSE#wrong#right}`` true/false,
``{=a ~b ~%50%c#fb}`` multiple choice (no ``=`` → several answers), ``{=a -> b ...}``
matching, ``{=a =%50%b}`` short answer, ``{#3.14:0.01}``/``{#1..2}``/``{#=3:0 =%50%3:1}``
numeric, ``####`` general feedback. A block inside the text is a «missing word» question.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.utils.html import escape
from django.utils.translation import gettext as _

from .. import qtypes
from ..qtypes import dec, fmt_fraction
from .common import (
    ParsedQuestion,
    ParseResult,
    Problem,
    fraction_to_percent,
    join_category_path,
    plain_to_html,
    split_category_path,
)

ESC = {"~": "\x01", "=": "\x02", "#": "\x03", "{": "\x04", "}": "\x05", ":": "\x06"}
UNESC = {v: k for k, v in ESC.items()}


def _protect(text: str) -> str:
    text = text.replace("\\\\", "\x07")
    for ch, code in ESC.items():
        text = text.replace("\\" + ch, code)
    return text.replace("\\n", "\n")


def _restore(text: str) -> str:
    for code, ch in UNESC.items():
        text = text.replace(code, ch)
    return text.replace("\x07", "\\")


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """(first line number, lines) of each question or $CATEGORY record."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("//"):
            continue
        if not stripped:
            if current:
                blocks.append((start, current))
                current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append((start, current))
    return blocks


def _to_html(text: str, fmt: str) -> str:
    text = text.strip()
    own = re.match(r"\[(html|moodle|plain|markdown)\]", text)
    if own:  # Moodle writes an answer's format when it differs from the question's
        fmt, text = own.group(1), text[own.end() :].strip()
    if fmt == "html":
        return text
    if fmt == "markdown":
        from dot.content.rendering import markdown_to_html

        return markdown_to_html(text)
    return plain_to_html(text)


def _split_answers(body: str) -> list[tuple[str, str]]:
    """``=a ~b`` → [("=", "a"), ("~", "b")] (body already protected)."""
    parts = re.split(r"([=~])", body)
    result: list[tuple[str, str]] = []
    i = 1
    lead = parts[0].strip()
    if lead:
        result.append(("", lead))
    while i < len(parts):
        result.append((parts[i], parts[i + 1] if i + 1 < len(parts) else ""))
        i += 2
    return result


def _weight(text: str) -> tuple[str | None, str]:
    m = re.match(r"\s*%(-?\d+(?:\.\d+)?)%", text)
    if not m:
        return None, text
    return fmt_fraction(Decimal(m.group(1)) / 100), text[m.end() :]


def _feedback(text: str) -> tuple[str, str]:
    value, _sep, fb = text.partition("#")
    return value.strip(), fb.strip()


def parse(content: bytes | str) -> ParseResult:
    result = ParseResult()
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            result.errors.append(Problem("", _("The file is not in UTF-8.")))
            return result
    category: list[str] | None = None
    for start, lines in _blocks(content.splitlines()):
        first = lines[0].strip()
        if first.startswith("$CATEGORY:"):
            category = split_category_path(first[len("$CATEGORY:") :])
            result.categories.append(category)
            if len(lines) == 1:
                continue
            lines = lines[1:]
            start += 1
        where = _("line %(n)s") % {"n": start}
        try:
            parsed = _parse_block("\n".join(lines), where)
        except SkipDescription:
            result.warnings.append(
                Problem(where, _("A text without an answer block is a description; it is skipped."))
            )
            continue
        except ValueError as exc:
            result.errors.append(Problem(where, str(exc)))
            continue
        parsed.category = category
        errors = qtypes.validate_data(parsed.qtype, parsed.text, parsed.data)
        if errors:
            for messages in errors.values():
                for message in messages:
                    result.errors.append(Problem(where, message))
            continue
        result.questions.append(parsed)
    if not result.questions and not result.errors:
        result.errors.append(Problem("", _("The file holds no questions.")))
    return result


class SkipDescription(Exception):  # noqa: N818 - a signal, not an error
    """A block without an answer block: Moodle's «description», not a question to grade."""


def _parse_block(raw: str, where: str) -> ParsedQuestion:
    text = _protect(raw)
    name = ""
    m = re.match(r"\s*::(.*?)::", text, re.DOTALL)
    if m:
        name = _restore(m.group(1)).strip()
        text = text[m.end() :]
    fmt = "moodle"
    m = re.match(r"\s*\[(html|moodle|plain|markdown)\]", text)
    if m:
        fmt = m.group(1)
        text = text[m.end() :]
    open_at = text.find("{")
    close_at = text.rfind("}")
    if open_at < 0 and close_at < 0:
        raise SkipDescription
    if open_at < 0 or close_at < open_at:
        raise ValueError(_("No answer block {…} found (or a brace is not closed)."))
    if text.count("{") != 1 or text.count("}") != 1:
        raise ValueError(
            _("Only one answer block {…} per question; escape other braces as \\{ \\}.")
        )
    before, body, after = text[:open_at], text[open_at + 1 : close_at], text[close_at + 1 :]
    general_feedback = ""
    if "\x03\x03\x03\x03" in body:  # never: #### is unescaped; handled below
        pass
    if "####" in body:
        body, _sep, general = body.partition("####")
        general_feedback = _to_html(_restore(general), fmt)
    missing_word = bool(after.strip())
    question_text = before.strip()
    if missing_word:
        question_text = f"{before.rstrip()} _____ {after.lstrip()}".strip()
    html = _to_html(_restore(question_text), fmt)
    if not name:
        name = qtypes.normalise_space(re.sub(r"<[^>]+>", " ", html))[:60]
    common: dict[str, Any] = {
        "name": name[:255],
        "where": where,
        "general_feedback": general_feedback,
    }
    stripped = body.strip()

    def unesc(value: str) -> str:
        return _restore(value).strip()

    def answer_html(value: str) -> str:
        return _to_html(_restore(value), fmt)

    if not stripped:
        return ParsedQuestion(
            qtype="essay", text=html, data=qtypes.canonical("essay", {}), **common
        )
    if stripped.upper() in ("T", "TRUE", "F", "FALSE") or re.fullmatch(
        r"(T|TRUE|F|FALSE)\s*#.*", stripped, re.DOTALL | re.IGNORECASE
    ):
        word, *fbs = stripped.split("#")
        correct = word.strip().upper() in ("T", "TRUE")
        wrong_fb = unesc(fbs[0]) if fbs else ""
        right_fb = unesc(fbs[1]) if len(fbs) > 1 else ""
        data: dict[str, Any] = {
            "correct": correct,
            "feedback_true": _to_html(right_fb if correct else wrong_fb, fmt),
            "feedback_false": _to_html(wrong_fb if correct else right_fb, fmt),
        }
        return ParsedQuestion(qtype="truefalse", text=html, data=data, **common)
    if stripped.startswith("#"):
        return ParsedQuestion(
            qtype="numeric", text=html, data=_numeric(stripped[1:], fmt), **common
        )
    answers = _split_answers(stripped)
    if any(kind == "" for kind, _v in answers):
        raise ValueError(_("Every answer must start with = or ~."))
    if any(kind == "~" for kind, _v in answers):
        options = []
        for kind, value in answers:
            weight, value = _weight(value)
            value, fb = _feedback(value)
            fraction = weight if weight is not None else ("1" if kind == "=" else "0")
            options.append(
                {
                    "text": answer_html(value),
                    "fraction": fraction,
                    "feedback": answer_html(fb),
                }
            )
        single = any(kind == "=" for kind, _v in answers)
        data = {"options": options, "shuffle": True}
        if not single:
            data["all_or_nothing"] = False
        return ParsedQuestion(
            qtype="single" if single else "multiple", text=html, data=data, **common
        )
    if all("->" in value for _k, value in answers):
        pairs = []
        for _k, value in answers:
            stem, _sep, answer = value.partition("->")
            pairs.append(
                {
                    "stem": answer_html(stem) if stem.strip() else "",
                    "answer": unesc(answer),
                }
            )
        return ParsedQuestion(
            qtype="matching", text=html, data={"pairs": pairs, "shuffle": True}, **common
        )
    short_answers = []
    for _k, value in answers:
        weight, value = _weight(value)
        value, fb = _feedback(value)
        short_answers.append(
            {
                "text": unesc(value),
                "fraction": weight if weight is not None else "1",
                "feedback": answer_html(fb),
            }
        )
    return ParsedQuestion(
        qtype="short", text=html, data={"answers": short_answers, "case_sensitive": False}, **common
    )


def _numeric(body: str, fmt: str) -> dict[str, Any]:
    body = body.strip()
    chunks = [("=", body)] if not body.startswith("=") else _split_answers(body)
    answers = []
    for _k, raw in chunks:
        weight, raw = _weight(raw)
        raw, fb = _feedback(raw)
        raw = _restore(raw).strip()
        if ".." in raw:
            low_s, _sep, high_s = raw.partition("..")
            low, high = qtypes.parse_number(low_s), qtypes.parse_number(high_s)
            if low is None or high is None:
                raise ValueError(_("«%(v)s» is not a numeric range.") % {"v": raw})
            value, tolerance = (low + high) / 2, (high - low) / 2
        else:
            value_s, _sep, tol_s = raw.partition(":")
            number = qtypes.parse_number(value_s)
            if number is None:
                raise ValueError(_("«%(v)s» is not a number.") % {"v": value_s.strip()})
            value = number
            parsed_tol = qtypes.parse_number(tol_s) if tol_s.strip() else Decimal(0)
            if parsed_tol is None:
                raise ValueError(_("«%(v)s» is not a number.") % {"v": tol_s.strip()})
            tolerance = parsed_tol
        answers.append(
            {
                "value": fmt_fraction(value),
                "tolerance": fmt_fraction(abs(tolerance)),
                "fraction": weight if weight is not None else "1",
                "feedback": _to_html(_restore(fb), fmt) if fb else "",
            }
        )
    return {"answers": answers, "units": [], "unit_mode": "none", "unit_penalty": "0.1"}


# --- export --------------------------------------------------------------------------------


def _esc(text: str) -> str:
    text = (text or "").replace("\\", "\\\\")
    for ch in "~=#{}:":
        text = text.replace(ch, "\\" + ch)
    return text.replace("\r\n", "\n").replace("\n", "\\n")


def _w(fraction: Any, right_mark: str) -> str:
    f = dec(fraction)
    if f == 1:
        return right_mark
    return f"~%{fraction_to_percent(f)}%"


def export(questions: list[dict[str, Any]]) -> tuple[str, list[str]]:
    """GIFT text and the names of questions GIFT cannot hold (ordering, gaps)."""
    out: list[str] = []
    skipped: list[str] = []
    current: list[str] | None = None
    for q in questions:
        qtype, data = q["qtype"], q["data"]
        if qtype in ("ordering", "gaps"):
            skipped.append(q["name"])
            continue
        if q.get("category") != current:
            current = q.get("category") or []
            out.append(f"$CATEGORY: {join_category_path(current)}\n")
        head = f"::{_esc(q['name'])}::[html]{_esc(q['text'])}"
        body = _body(qtype, data)
        general = q.get("general_feedback", "")
        if general:
            body += f"####{_esc(general)}"
        out.append(f"{head}{{{body}}}\n")
    return "\n".join(out), skipped


def _fb(html: str) -> str:
    return f"#{_esc(html)}" if html else ""


def _body(qtype: str, data: dict[str, Any]) -> str:
    if qtype == "essay":
        return ""
    if qtype == "truefalse":
        right = "feedback_true" if data.get("correct") else "feedback_false"
        wrong = "feedback_false" if data.get("correct") else "feedback_true"
        word = "TRUE" if data.get("correct") else "FALSE"
        if data.get(right) or data.get(wrong):
            return f"{word}#{_esc(data.get(wrong, ''))}#{_esc(data.get(right, ''))}"
        return word
    if qtype in ("single", "multiple"):
        parts = []
        for o in data["options"]:
            f = dec(o["fraction"])
            if qtype == "single" and f == 1:
                mark = "="
            else:
                mark = f"~%{fraction_to_percent(f)}%"
            parts.append(f"\n\t{mark}{_esc(o['text'])}{_fb(o.get('feedback', ''))}")
        return "".join(parts) + "\n"
    if qtype == "short":
        return (
            "".join(
                f"\n\t={'' if dec(a['fraction']) == 1 else '%' + fraction_to_percent(a['fraction']) + '%'}"
                f"{_esc(a['text'])}{_fb(a.get('feedback', ''))}"
                for a in data["answers"]
            )
            + "\n"
        )
    if qtype == "matching":
        return (
            "".join(f"\n\t={_esc(p['stem'])} -> {_esc(p['answer'])}" for p in data["pairs"]) + "\n"
        )
    if qtype == "numeric":
        parts = []
        for a in data["answers"]:
            weight = "" if dec(a["fraction"]) == 1 else f"%{fraction_to_percent(a['fraction'])}%"
            parts.append(
                f"\n\t={weight}{a['value']}:{a.get('tolerance') or '0'}{_fb(a.get('feedback', ''))}"
            )
        return "#" + "".join(parts) + "\n"
    return ""


__all__ = ["escape", "export", "parse"]
