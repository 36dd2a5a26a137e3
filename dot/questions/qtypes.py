"""Question types: the ONLY module that reads answer keys (contract with dot/assessments).

``QuestionVersion.data`` per type (fractions are decimal strings, e.g. ``"0.5"``, ``"-1"``):

* ``single``   ``{"options": [{"id", "text", "fraction", "feedback"}], "shuffle": bool}``
* ``multiple`` same, plus ``"all_or_nothing": bool``; the chosen options' fractions are
  added (negative = penalty) and the total is clamped to [0, 1]. All-or-nothing: 1 when
  exactly the options with a positive fraction are chosen, else 0.
* ``truefalse`` ``{"correct": bool, "feedback_true", "feedback_false"}``
* ``short``    ``{"answers": [{"text", "fraction", "feedback"}], "case_sensitive": bool}``;
  whitespace is normalised, ``*`` matches any characters (``\\*`` is a literal star).
* ``numeric``  ``{"answers": [{"value" ("*" = any), "tolerance", "fraction", "feedback"}],
  "units": [{"unit", "multiplier"}], "unit_mode": "none"|"optional"|"graded",
  "unit_penalty": "0.1"}``; the first unit has multiplier 1 (the answers' unit); a value
  given in another unit is divided by its multiplier (Moodle's rule). With ``graded``
  a missing or unknown unit costs ``unit_penalty`` (of the response's grade).
* ``matching`` ``{"pairs": [{"id", "stem" (HTML, "" = distractor), "answer" (text)}],
  "shuffle": bool}``; a fraction of correctly matched stems.
* ``ordering`` ``{"items": [{"id", "text"}] (in the right order), "grading":
  "all_or_nothing"|"absolute"|"relative_next"|"longest_subset"|"longest_contiguous"}``
* ``gaps``     the text holds markers ``[[1]]``, ``[[2]]``...; ``{"gaps": [{"id", "kind":
  "text"|"select"|"numeric", "answers": [{"text"|"value", "tolerance", "fraction"}],
  "options": [str] (select), "case_sensitive": bool, "weight": "1"}], "shuffle": bool}``;
  the grade is the weighted mean of the gaps' grades.
* ``essay``    ``{"response_format": "editor"|"plain"|"none", "response_required": bool,
  "attachments": int, "attachments_required": int, "template": html, "grader_info": html,
  "min_words": int|None, "max_words": int|None}``; graded manually (``grade`` → None).
"""

from __future__ import annotations

import hashlib
import hmac
import random
import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .richtext import sanitize_html

ZERO = Decimal(0)
ONE = Decimal(1)
# Moodle writes thirds as 0.3333333: totals within this of a bound are the bound.
EPSILON = Decimal("0.000001")
GAP_RE = re.compile(r"\[\[([A-Za-z0-9_-]{1,20})\]\]")

TYPES = (
    "single",
    "multiple",
    "truefalse",
    "short",
    "numeric",
    "matching",
    "ordering",
    "gaps",
    "essay",
)
ORDERING_GRADINGS = (
    "all_or_nothing",
    "absolute",
    "relative_next",
    "longest_subset",
    "longest_contiguous",
)
UNIT_MODES = ("none", "optional", "graded")


# --- helpers ------------------------------------------------------------------------------


def dec(value: Any, default: Decimal = ZERO) -> Decimal:
    """A Decimal from a stored or typed value; a comma is a decimal separator too."""
    if value is None or value == "":
        return default
    if isinstance(value, Decimal):
        return value
    try:
        result = Decimal(str(value).strip().replace(",", ".").replace("\u2212", "-"))
    except (InvalidOperation, ValueError):
        return default
    return result if result.is_finite() else default


def parse_number(text: str) -> Decimal | None:
    """A number typed by a student (``1,5``, ``-2``, ``3e8``, ``1 000``) or None."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text or "").replace(",", ".").replace("\u2212", "-")
    if not cleaned or not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", cleaned):
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def clamp(value: Decimal) -> Decimal:
    """Into [0, 1]; a total within EPSILON of a bound snaps to it; 7 decimal places."""
    if value >= ONE - EPSILON:
        return ONE
    if value <= EPSILON:
        return ZERO
    return value.quantize(Decimal("0.0000001"), rounding=ROUND_HALF_UP)


def fmt_fraction(value: Decimal) -> str:
    """A fraction as a short decimal string (``"1"``, ``"0.5"``, ``"-0.3333333"``)."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def normalise_space(text: str) -> str:
    return " ".join((text or "").split())


def _rng(seed: int) -> random.Random:
    return random.Random(seed)  # noqa: S311 - deterministic shuffle, not security


def _shuffled(items: list[Any], seed: int, shuffle: bool, salt: str = "") -> list[Any]:
    items = list(items)
    if shuffle:
        random.Random(f"{seed}:{salt}").shuffle(items)  # noqa: S311
    return items


def _plain(html: str) -> str:
    return normalise_space(strip_tags(html or ""))


def _values(fields: Any, name: str) -> list[str]:
    """The submitted values of a field, whatever shape a client sent (never raises)."""
    if not isinstance(fields, dict):
        return []
    values = fields.get(name)
    if values is None:
        return []
    if not isinstance(values, list | tuple):
        values = [values]
    return [str(v) for v in values if isinstance(v, str | int | float | bool)]


def _one(fields: dict[str, list[str]], name: str) -> str:
    values = _values(fields, name)
    return values[-1] if values else ""


def _many(fields: dict[str, list[str]], name: str) -> list[str]:
    return _values(fields, name)


def _data(version: Any) -> dict[str, Any]:
    return version.data or {}


# --- short answer matching -----------------------------------------------------------------


def short_answer_matches(pattern: str, response: str, *, case_sensitive: bool) -> bool:
    """Moodle's rule: whitespace normalised, ``*`` = any characters, ``\\*`` = a star."""
    pattern = normalise_space(pattern)
    response = normalise_space(response)
    parts = re.split(r"(\\\*|\*)", pattern)
    regex = "".join(
        ".*" if part == "*" else re.escape("*") if part == "\\*" else re.escape(part)
        for part in parts
    )
    flags = re.DOTALL | (0 if case_sensitive else re.IGNORECASE)
    return re.fullmatch(regex, response, flags) is not None


def _best_text_answer(
    answers: Iterable[dict[str, Any]], text: str, case_sensitive: bool
) -> dict[str, Any] | None:
    if not normalise_space(text):
        return None
    for answer in answers:  # Moodle: the first matching answer counts
        if short_answer_matches(str(answer.get("text", "")), text, case_sensitive=case_sensitive):
            return answer
    return None


def _numeric_answer(answers: Iterable[dict[str, Any]], value: Decimal) -> dict[str, Any] | None:
    for answer in answers:
        if str(answer.get("value", "")).strip() == "*":
            return answer
        target = dec(answer.get("value"))
        tolerance = abs(dec(answer.get("tolerance")))
        if target - tolerance <= value <= target + tolerance:
            return answer
    return None


# --- matching helpers ------------------------------------------------------------------------


def matching_stems(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        p for p in data.get("pairs", []) if _plain(p.get("stem", "")) or "<img" in p.get("stem", "")
    ]


def opaque_id(kind: str, n: int, text: str) -> str:
    """An id that tells nothing about the right order or pairing (keyed with SECRET_KEY):
    students see option/item/choice ids, so ``"1"`` for the first (often right) option
    would leak the key."""
    from django.conf import settings

    digest = hmac.new(
        str(settings.SECRET_KEY).encode(), f"{kind}:{n}:{text}".encode(), hashlib.sha256
    )
    return digest.hexdigest()[:10]


def matching_choices(data: dict[str, Any]) -> list[dict[str, str]]:
    """Distinct answer texts with opaque stable ids (order of first occurrence)."""
    seen: dict[str, str] = {}
    for pair in data.get("pairs", []):
        answer = str(pair.get("answer", "")).strip()
        if answer and answer not in seen:
            seen[answer] = "c" + opaque_id("choice", 0, answer)
    return [{"id": cid, "text": text} for text, cid in seen.items()]


# --- ordering helpers -----------------------------------------------------------------------


def _longest_increasing(seq: list[int]) -> int:
    best: list[int] = []
    for x in seq:
        lo, hi = 0, len(best)
        while lo < hi:
            mid = (lo + hi) // 2
            if best[mid] < x:
                lo = mid + 1
            else:
                hi = mid
        if lo == len(best):
            best.append(x)
        else:
            best[lo] = x
    return len(best)


def _longest_contiguous(seq: list[int]) -> int:
    best = run = 1 if seq else 0
    for a, b in zip(seq, seq[1:], strict=False):
        run = run + 1 if b == a + 1 else 1
        best = max(best, run)
    return best


def grade_ordering(correct: list[str], order: list[str], grading: str) -> Decimal:
    n = len(correct)
    if not order or n == 0:
        return ZERO
    position = {item: i for i, item in enumerate(correct)}
    seq = [position[i] for i in order if i in position]
    if len(seq) != n:
        return ZERO
    if grading == "all_or_nothing" or n == 1:
        return ONE if seq == list(range(n)) else ZERO
    if grading == "absolute":
        hits = sum(1 for i, p in enumerate(seq) if i == p)
        return clamp(Decimal(hits) / Decimal(n))
    if grading == "relative_next":
        hits = sum(1 for a, b in zip(seq, seq[1:], strict=False) if b == a + 1)
        return clamp(Decimal(hits) / Decimal(n - 1))
    if grading == "longest_contiguous":
        run = _longest_contiguous(seq)
        return clamp(Decimal(run) / Decimal(n)) if run > 1 else ZERO
    run = _longest_increasing(seq)  # longest_subset
    return clamp(Decimal(run) / Decimal(n)) if run > 1 else ZERO


# --- gaps -------------------------------------------------------------------------------------


def gap_ids(text: str) -> list[str]:
    return GAP_RE.findall(text or "")


def _gap_grade(gap: dict[str, Any], value: str) -> tuple[Decimal, dict[str, Any] | None]:
    kind = gap.get("kind", "text")
    answers = gap.get("answers", [])
    if not normalise_space(value):
        return ZERO, None
    if kind == "numeric":
        number = parse_number(value)
        hit = _numeric_answer(answers, number) if number is not None else None
    elif kind == "select":
        hit = next((a for a in answers if str(a.get("text", "")).strip() == value.strip()), None)
    else:
        hit = _best_text_answer(answers, value, bool(gap.get("case_sensitive")))
    if hit is None:
        return ZERO, None
    return clamp(dec(hit.get("fraction"))), hit


def gap_options(gap: dict[str, Any]) -> list[str]:
    options = [str(o) for o in gap.get("options", []) if str(o).strip()]
    if not options:
        options = [str(a.get("text", "")) for a in gap.get("answers", []) if str(a.get("text", ""))]
    return list(dict.fromkeys(options))


# --- the contract -----------------------------------------------------------------------------


def student_view(version: Any, *, seed: int) -> dict[str, Any]:
    """What the student may see: no keys, fractions or feedback; shuffled by ``seed``."""
    data = _data(version)
    qtype = version.qtype
    view: dict[str, Any] = {"qtype": qtype, "text": version.text}
    if qtype in ("single", "multiple"):
        options = [{"id": str(o["id"]), "text": o.get("text", "")} for o in data.get("options", [])]
        view["options"] = _shuffled(options, seed, bool(data.get("shuffle", True)), "o")
    elif qtype == "truefalse":
        view["options"] = [{"id": "true", "text": _("True")}, {"id": "false", "text": _("False")}]
    elif qtype == "numeric":
        view["units"] = (
            [str(u.get("unit", "")) for u in data.get("units", [])]
            if data.get("unit_mode", "none") != "none"
            else []
        )
    elif qtype == "matching":
        stems = [{"id": str(p["id"]), "text": p.get("stem", "")} for p in matching_stems(data)]
        view["stems"] = _shuffled(stems, seed, bool(data.get("shuffle", True)), "s")
        view["choices"] = _shuffled(matching_choices(data), seed, True, "c")
    elif qtype == "ordering":
        items = [{"id": str(i["id"]), "text": i.get("text", "")} for i in data.get("items", [])]
        shuffled = _shuffled(items, seed, True, "i")
        if len(items) > 1 and shuffled == items:
            shuffled = shuffled[1:] + shuffled[:1]
        view["items"] = shuffled
    elif qtype == "gaps":
        gaps = []
        for gap in data.get("gaps", []):
            entry: dict[str, Any] = {"id": str(gap["id"])}
            if gap.get("kind") == "select":
                entry["options"] = _shuffled(
                    gap_options(gap), seed, bool(data.get("shuffle", True)), f"g{gap['id']}"
                )
            else:
                entry["size"] = int(gap.get("size") or 0) or max(
                    [len(str(a.get("text", a.get("value", "")))) for a in gap.get("answers", [])]
                    + [8]
                )
            gaps.append(entry)
        view["gaps"] = gaps
    elif qtype == "essay":
        view["response_format"] = data.get("response_format", "editor")
        view["attachments"] = int(data.get("attachments") or 0)
        view["template"] = data.get("template", "")
        view["response_required"] = bool(data.get("response_required", True))
    return view


def _gap_fragments(text: str, gaps: dict[str, dict[str, Any]]) -> list[tuple[str, str | None]]:
    """The text split into (html, gap_id) pieces for rendering."""
    pieces: list[tuple[str, str | None]] = []
    pos = 0
    for m in GAP_RE.finditer(text or ""):
        pieces.append((text[pos : m.start()], None))
        pieces.append(("", m.group(1) if m.group(1) in gaps else None))
        pos = m.end()
    pieces.append((text[pos:], None))
    return pieces


def render_widget(
    version: Any,
    *,
    seed: int,
    prefix: str,
    response: dict[str, Any] | None,
    disabled: bool = False,
) -> SafeString:
    """Accessible inputs of the question, pre-filled from ``response``."""
    view = student_view(version, seed=seed)
    response = response or {}
    ctx: dict[str, Any] = {
        "view": view,
        "prefix": prefix,
        "response": response,
        "disabled": disabled,
        "text": mark_safe(view["text"]),  # noqa: S308 - sanitised when saved
    }
    qtype = version.qtype
    if qtype in ("single", "multiple"):
        chosen = (
            {str(response.get("choice", ""))}
            if qtype == "single"
            else {str(c) for c in response.get("choices", [])}
        )
        ctx["options"] = [
            {
                **o,
                "html": mark_safe(o["text"]),  # noqa: S308
                "checked": o["id"] in chosen,
                "letter": chr(ord("a") + i) if i < 26 else str(i + 1),
            }
            for i, o in enumerate(view["options"])
        ]
    elif qtype == "truefalse":
        value = response.get("value")
        ctx["value"] = "" if value is None else ("true" if value else "false")
    elif qtype == "matching":
        pairs = response.get("pairs", {})
        ctx["stems"] = [
            {**s, "html": mark_safe(s["text"]), "selected": str(pairs.get(s["id"], ""))}  # noqa: S308
            for s in view["stems"]
        ]
    elif qtype == "ordering":
        order = [str(i) for i in response.get("order", [])]
        items = {i["id"]: i for i in view["items"]}
        if sorted(order) == sorted(items):
            shown = [items[i] for i in order]
        else:
            shown = view["items"]
        ctx["items"] = [
            {**i, "html": mark_safe(i["text"]), "position": n + 1}  # noqa: S308
            for n, i in enumerate(shown)
        ]
        ctx["positions"] = list(range(1, len(shown) + 1))
    elif qtype == "gaps":
        gaps = {g["id"]: g for g in view["gaps"]}
        values = response.get("gaps", {})
        pieces: list[dict[str, Any]] = []
        for html, gid in _gap_fragments(view["text"], gaps):
            if gid is None:
                pieces.append({"html": mark_safe(html)})  # noqa: S308
            else:
                pieces.append({"gap": gaps[gid], "value": str(values.get(gid, ""))})
        ctx["pieces"] = pieces
        numbered = {gid: n + 1 for n, gid in enumerate(gaps)}
        for piece in pieces:
            if "gap" in piece:
                piece["number"] = numbered[piece["gap"]["id"]]
    elif qtype == "essay":
        ctx["essay_text"] = response.get("text", "") if response else view.get("template", "")
        ctx["file"] = response.get("file", "")
    html = render_to_string(f"questions/widgets/{qtype}.html", ctx)
    return mark_safe(html)  # noqa: S308 - template-escaped


def _invalid(message: str) -> ValidationError:
    return ValidationError(message, code="invalid")


def parse_fields(version: Any, fields: dict[str, list[str]], *, prefix: str) -> dict[str, Any]:
    """Submitted inputs → a normalised response; {} when nothing was answered."""
    data = _data(version)
    qtype = version.qtype
    if qtype == "single":
        choice = _one(fields, f"{prefix}choice").strip()
        if not choice:
            return {}
        if choice not in {str(o["id"]) for o in data.get("options", [])}:
            raise _invalid(_("Unknown option."))
        return {"choice": choice}
    if qtype == "multiple":
        ids = {str(o["id"]) for o in data.get("options", [])}
        chosen = [c.strip() for c in _many(fields, f"{prefix}choice") if c.strip()]
        if any(c not in ids for c in chosen):
            raise _invalid(_("Unknown option."))
        order = [str(o["id"]) for o in data.get("options", [])]
        chosen_set = set(chosen)
        return {"choices": [i for i in order if i in chosen_set]} if chosen else {}
    if qtype == "truefalse":
        value = _one(fields, f"{prefix}value").strip().lower()
        if not value:
            return {}
        if value not in ("true", "false", "1", "0"):
            raise _invalid(_("Choose true or false."))
        return {"value": value in ("true", "1")}
    if qtype == "short":
        text = normalise_space(_one(fields, f"{prefix}text"))
        if len(text) > 1000:
            raise _invalid(_("The answer is too long."))
        return {"text": text} if text else {}
    if qtype == "numeric":
        raw = _one(fields, f"{prefix}value").strip()
        unit = normalise_space(_one(fields, f"{prefix}unit"))
        if not raw and not unit:
            return {}
        number = parse_number(raw)
        if number is None:
            raise _invalid(_("Enter a number, e.g. 12.5 or 1,5e3."))
        return {"value": format(number, "f") if abs(number) < 10**15 else str(number), "unit": unit}
    if qtype == "matching":
        stems = {str(p["id"]) for p in matching_stems(data)}
        choices = {c["id"] for c in matching_choices(data)}
        pairs: dict[str, str] = {}
        for stem in stems:
            value = _one(fields, f"{prefix}stem-{stem}").strip()
            if not value:
                continue
            if value not in choices:
                raise _invalid(_("Unknown option."))
            pairs[stem] = value
        return {"pairs": pairs} if pairs else {}
    if qtype == "ordering":
        item_ids = [str(i["id"]) for i in data.get("items", [])]
        order = [v for v in _many(fields, f"{prefix}order") if v]
        if not order:
            positions: dict[str, int] = {}
            for item in item_ids:
                raw = _one(fields, f"{prefix}pos-{item}").strip()
                if raw:
                    if not raw.isdigit():
                        raise _invalid(_("Choose a position for every item."))
                    positions[item] = int(raw)
            if not positions:
                return {}
            if len(positions) != len(item_ids) or sorted(positions.values()) != list(
                range(1, len(item_ids) + 1)
            ):
                raise _invalid(_("Give every item a different position."))
            order = sorted(item_ids, key=lambda i: positions[i])
        if sorted(order) != sorted(item_ids):
            raise _invalid(_("Give every item a different position."))
        return {"order": order}
    if qtype == "gaps":
        result: dict[str, str] = {}
        for gap in data.get("gaps", []):
            gid = str(gap["id"])
            value = normalise_space(_one(fields, f"{prefix}gap-{gid}"))
            if not value:
                continue
            if len(value) > 500:
                raise _invalid(_("The answer is too long."))
            if gap.get("kind") == "select" and value not in gap_options(gap):
                raise _invalid(_("Unknown option."))
            result[gid] = value
        return {"gaps": result} if result else {}
    if qtype == "essay":
        text = sanitize_html(_one(fields, f"{prefix}text"))
        if data.get("response_format") == "plain":
            text = escape(strip_tags(text))
        file_name = _one(fields, f"{prefix}file").strip()
        if len(text) > 200_000:
            raise _invalid(_("The answer is too long."))
        essay: dict[str, Any] = {}
        if _plain(text):
            essay["text"] = text
        if file_name:
            essay["file"] = file_name
        return essay
    raise _invalid(_("Unknown question type."))


def _option_fractions(data: dict[str, Any]) -> dict[str, Decimal]:
    return {str(o["id"]): dec(o.get("fraction")) for o in data.get("options", [])}


def grade(version: Any, response: dict[str, Any]) -> Decimal | None:
    """The fraction in [0, 1] (exact Decimal); None = needs manual grading."""
    data = _data(version)
    qtype = version.qtype
    response = response or {}
    if qtype == "essay":
        return None if (_plain(response.get("text", "")) or response.get("file")) else ZERO
    if not response:
        return ZERO
    if qtype == "single":
        return clamp(_option_fractions(data).get(str(response.get("choice")), ZERO))
    if qtype == "multiple":
        fractions = _option_fractions(data)
        chosen = {str(c) for c in response.get("choices", [])}
        if data.get("all_or_nothing"):
            right = {i for i, f in fractions.items() if f > 0}
            return ONE if chosen == right and right else ZERO
        return clamp(sum((fractions.get(c, ZERO) for c in chosen), ZERO))
    if qtype == "truefalse":
        if "value" not in response:
            return ZERO
        return ONE if bool(response["value"]) == bool(data.get("correct")) else ZERO
    if qtype == "short":
        hit = _best_text_answer(
            data.get("answers", []), str(response.get("text", "")), bool(data.get("case_sensitive"))
        )
        return clamp(dec(hit.get("fraction"))) if hit else ZERO
    if qtype == "numeric":
        return _grade_numeric(data, response)[0]
    if qtype == "matching":
        stems = matching_stems(data)
        if not stems:
            return ZERO
        choice_text = {c["id"]: c["text"] for c in matching_choices(data)}
        pairs = response.get("pairs", {})
        n_right = sum(
            1
            for s in stems
            if choice_text.get(str(pairs.get(str(s["id"]), ""))) == str(s.get("answer", "")).strip()
        )
        return clamp(Decimal(n_right) / Decimal(len(stems)))
    if qtype == "ordering":
        return grade_ordering(
            [str(i["id"]) for i in data.get("items", [])],
            [str(i) for i in response.get("order", [])],
            str(data.get("grading", "all_or_nothing")),
        )
    if qtype == "gaps":
        gaps = data.get("gaps", [])
        total_weight = sum((dec(g.get("weight"), ONE) for g in gaps), ZERO)
        if not gaps or total_weight <= 0:
            return ZERO
        values = response.get("gaps", {})
        score = sum(
            (
                _gap_grade(g, str(values.get(str(g["id"]), "")))[0] * dec(g.get("weight"), ONE)
                for g in gaps
            ),
            ZERO,
        )
        return clamp(score / total_weight)
    return ZERO


def _grade_numeric(
    data: dict[str, Any], response: dict[str, Any]
) -> tuple[Decimal, dict[str, Any] | None, bool]:
    """(fraction, matched answer, unit problem)."""
    number = parse_number(str(response.get("value", "")))
    if number is None:
        return ZERO, None, False
    mode = data.get("unit_mode", "none")
    units = {
        normalise_space(str(u.get("unit", ""))): dec(u.get("multiplier"), ONE)
        for u in data.get("units", [])
    }
    unit = normalise_space(str(response.get("unit", "")))
    unit_problem = False
    value = number
    if mode != "none" and units:
        if unit and unit in units and units[unit] != 0:
            value = number / units[unit]
        elif mode == "graded":
            unit_problem = True
    hit = _numeric_answer(data.get("answers", []), value)
    if hit is None:
        return ZERO, None, unit_problem
    fraction = dec(hit.get("fraction"))
    if unit_problem:
        fraction = fraction * (ONE - dec(data.get("unit_penalty"), Decimal("0.1")))
    return clamp(fraction), hit, unit_problem


def response_summary(version: Any, response: dict[str, Any]) -> str:
    """A response as plain text (results, XLSX export, item statistics)."""
    data = _data(version)
    qtype = version.qtype
    response = response or {}
    if not response:
        return ""
    if qtype == "single":
        texts = {str(o["id"]): _plain(o.get("text", "")) for o in data.get("options", [])}
        return texts.get(str(response.get("choice")), "")
    if qtype == "multiple":
        texts = {str(o["id"]): _plain(o.get("text", "")) for o in data.get("options", [])}
        return "; ".join(texts.get(str(c), "") for c in response.get("choices", []))
    if qtype == "truefalse":
        return str(_("True")) if response.get("value") else str(_("False"))
    if qtype == "short":
        return str(response.get("text", ""))
    if qtype == "numeric":
        return normalise_space(f"{response.get('value', '')} {response.get('unit', '')}")
    if qtype == "matching":
        stems = {str(p["id"]): _plain(p.get("stem", "")) for p in matching_stems(data)}
        choices = {c["id"]: c["text"] for c in matching_choices(data)}
        pairs = response.get("pairs", {})
        return "; ".join(
            f"{stems[s]} → {choices.get(str(pairs[s]), '')}" for s in stems if s in pairs
        )
    if qtype == "ordering":
        items = {str(i["id"]): _plain(i.get("text", "")) for i in data.get("items", [])}
        return " | ".join(items.get(str(i), "") for i in response.get("order", []))
    if qtype == "gaps":
        values = response.get("gaps", {})
        return "; ".join(
            f"[{n}] {values.get(str(g['id']), '')}" for n, g in enumerate(data.get("gaps", []), 1)
        )
    if qtype == "essay":
        text = _plain(response.get("text", ""))
        if response.get("file"):
            text = f"{text} [{response['file']}]".strip()
        return text
    return ""


def correct_summary(version: Any) -> str:
    """The right answer as plain text (review)."""
    data = _data(version)
    qtype = version.qtype
    if qtype in ("single", "multiple"):
        if qtype == "single":
            best = max((dec(o.get("fraction")) for o in data.get("options", [])), default=ZERO)
            right = [
                o for o in data.get("options", []) if dec(o.get("fraction")) == best and best > 0
            ]
        else:
            right = [o for o in data.get("options", []) if dec(o.get("fraction")) > 0]
        return "; ".join(_plain(o.get("text", "")) for o in right)
    if qtype == "truefalse":
        return str(_("True")) if data.get("correct") else str(_("False"))
    if qtype == "short":
        full = [a for a in data.get("answers", []) if dec(a.get("fraction")) >= ONE]
        return "; ".join(str(a.get("text", "")) for a in full or data.get("answers", [])[:1])
    if qtype == "numeric":
        full_marks = [a for a in data.get("answers", []) if dec(a.get("fraction")) >= ONE]
        unit = ""
        if data.get("unit_mode", "none") != "none" and data.get("units"):
            unit = str(data["units"][0].get("unit", ""))
        parts = []
        for a in full_marks or data.get("answers", [])[:1]:
            tol = dec(a.get("tolerance"))
            text = str(a.get("value", ""))
            if tol:
                text += f" ± {fmt_fraction(tol)}"
            parts.append(normalise_space(f"{text} {unit}"))
        return "; ".join(parts)
    if qtype == "matching":
        return "; ".join(
            f"{_plain(p.get('stem', ''))} → {p.get('answer', '')}" for p in matching_stems(data)
        )
    if qtype == "ordering":
        return " | ".join(_plain(i.get("text", "")) for i in data.get("items", []))
    if qtype == "gaps":
        parts = []
        for n, gap in enumerate(data.get("gaps", []), 1):
            answers = [a for a in gap.get("answers", []) if dec(a.get("fraction")) >= ONE]
            first = (answers or gap.get("answers", [{}]))[:1]
            value = str(first[0].get("text", first[0].get("value", ""))) if first else ""
            parts.append(f"[{n}] {value}")
        return "; ".join(parts)
    if qtype == "essay":
        return _plain(data.get("grader_info", ""))
    return ""


def feedback(version: Any, response: dict[str, Any]) -> str:
    """Per-option/per-answer feedback and the general feedback, as sanitised HTML."""
    data = _data(version)
    qtype = version.qtype
    response = response or {}
    parts: list[str] = []
    if qtype == "single":
        parts.extend(
            o["feedback"]
            for o in data.get("options", [])
            if str(o["id"]) == str(response.get("choice")) and o.get("feedback")
        )
    elif qtype == "multiple":
        chosen = {str(c) for c in response.get("choices", [])}
        parts.extend(
            o["feedback"]
            for o in data.get("options", [])
            if str(o["id"]) in chosen and o.get("feedback")
        )
    elif qtype == "truefalse" and "value" in response:
        key = "feedback_true" if response["value"] else "feedback_false"
        if data.get(key):
            parts.append(data[key])
    elif qtype == "short":
        hit = _best_text_answer(
            data.get("answers", []), str(response.get("text", "")), bool(data.get("case_sensitive"))
        )
        if hit and hit.get("feedback"):
            parts.append(hit["feedback"])
    elif qtype == "numeric":
        _fraction, hit, unit_problem = _grade_numeric(data, response)
        if hit and hit.get("feedback"):
            parts.append(hit["feedback"])
        if unit_problem:
            parts.append(escape(_("The unit is missing or not accepted.")))
    elif qtype == "gaps":
        values = response.get("gaps", {})
        for gap in data.get("gaps", []):
            _gap_fraction, hit = _gap_grade(gap, str(values.get(str(gap["id"]), "")))
            if hit and hit.get("feedback"):
                parts.append(hit["feedback"])
    general = getattr(version, "general_feedback", "")
    if general:
        parts.append(general)
    return "".join(f'<div class="q-feedback">{p}</div>' for p in parts)


# --- validation of the type data (editor, import, API) ---------------------------------------


def validate_data(qtype: str, text: str, data: dict[str, Any]) -> dict[str, list[str]]:
    """Problems of a question's data: {field: [messages]} ("" = the whole question)."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if qtype not in TYPES:
        add("qtype", _("Unknown question type."))
        return errors
    if qtype in ("single", "multiple"):
        options = data.get("options", [])
        if len(options) < 2:
            add("options", _("Give at least two options."))
        if any(not _plain(o.get("text", "")) and "<img" not in o.get("text", "") for o in options):
            add("options", _("Every option needs a text."))
        fractions = [dec(o.get("fraction")) for o in options]
        if any(f > 1 or f < -1 for f in fractions):
            add("options", _("A grade must be between -100 % and 100 %."))
        if qtype == "single" and options and max(fractions, default=ZERO) < ONE - EPSILON:
            add("options", _("One option must be worth 100 %."))
        if qtype == "multiple" and options:
            positive = sum((f for f in fractions if f > 0), ZERO)
            if abs(positive - ONE) > Decimal("0.0001") and not data.get("all_or_nothing"):
                add("options", _("The positive grades must add up to 100 %."))
            if positive <= 0:
                add("options", _("At least one option must be right."))
    elif qtype in ("short",):
        answers = data.get("answers", [])
        if not answers or not any(str(a.get("text", "")).strip() for a in answers):
            add("answers", _("Give at least one accepted answer."))
        if answers and max(dec(a.get("fraction")) for a in answers) < ONE - EPSILON:
            add("answers", _("One answer must be worth 100 %."))
    elif qtype == "numeric":
        answers = data.get("answers", [])
        if not answers:
            add("answers", _("Give at least one accepted answer."))
        for a in answers:
            if (
                str(a.get("value", "")).strip() != "*"
                and parse_number(str(a.get("value", ""))) is None
            ):
                add("answers", _("Every answer must be a number (or * for any value)."))
                break
        if answers and max(dec(a.get("fraction")) for a in answers) < ONE - EPSILON:
            add("answers", _("One answer must be worth 100 %."))
        if data.get("unit_mode", "none") not in UNIT_MODES:
            add("unit_mode", _("Unknown unit handling."))
        for u in data.get("units", []):
            if not str(u.get("unit", "")).strip() or dec(u.get("multiplier"), ZERO) == 0:
                add("units", _("Every unit needs a name and a non-zero multiplier."))
                break
    elif qtype == "matching":
        if len(matching_stems(data)) < 2:
            add("pairs", _("Give at least two pairs."))
        if any(not str(p.get("answer", "")).strip() for p in data.get("pairs", [])):
            add("pairs", _("Every pair needs an answer."))
    elif qtype == "ordering":
        items = data.get("items", [])
        if len(items) < 2:
            add("items", _("Give at least two items."))
        if any(not _plain(i.get("text", "")) for i in items):
            add("items", _("Every item needs a text."))
        if data.get("grading", "all_or_nothing") not in ORDERING_GRADINGS:
            add("grading", _("Unknown grading method."))
    elif qtype == "gaps":
        ids = gap_ids(text)
        gaps = data.get("gaps", [])
        declared = [str(g.get("id")) for g in gaps]
        if not gaps:
            add("text", _("Mark at least one gap in the text as [[1]]."))
        if sorted(ids) != sorted(declared):
            add("text", _("Every gap marker in the text needs exactly one gap and vice versa."))
        for gap in gaps:
            if not gap.get("answers"):
                add("gaps", _("Every gap needs a right answer."))
                break
    return errors


__all__ = [
    "TYPES",
    "correct_summary",
    "feedback",
    "grade",
    "parse_fields",
    "render_widget",
    "response_summary",
    "student_view",
    "validate_data",
]


# --- canonical data (what the services store; import/export round-trips it) -----------------


def _frac(value: Any) -> str:
    return fmt_fraction(dec(value))


def _bool(value: Any, default: bool = False) -> bool:
    if value is None:
        return default
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def _int_or_none(value: Any) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def canonical(qtype: str, data: dict[str, Any]) -> dict[str, Any]:
    """The type data with every key present, ids as strings and fractions normalised."""
    data = data or {}
    if qtype in ("single", "multiple"):
        result: dict[str, Any] = {
            "options": [
                {
                    "id": str(o.get("id") or "") or opaque_id("option", n, str(o.get("text", ""))),
                    "text": str(o.get("text", "")),
                    "fraction": _frac(o.get("fraction")),
                    "feedback": str(o.get("feedback", "") or ""),
                }
                for n, o in enumerate(data.get("options", []), 1)
            ],
            "shuffle": _bool(data.get("shuffle"), True),
        }
        if qtype == "multiple":
            result["all_or_nothing"] = _bool(data.get("all_or_nothing"))
        return result
    if qtype == "truefalse":
        return {
            "correct": _bool(data.get("correct"), True),
            "feedback_true": str(data.get("feedback_true", "") or ""),
            "feedback_false": str(data.get("feedback_false", "") or ""),
        }
    if qtype == "short":
        return {
            "answers": [
                {
                    "text": normalise_space(str(a.get("text", ""))),
                    "fraction": _frac(a.get("fraction")),
                    "feedback": str(a.get("feedback", "") or ""),
                }
                for a in data.get("answers", [])
            ],
            "case_sensitive": _bool(data.get("case_sensitive")),
        }
    if qtype == "numeric":
        mode = data.get("unit_mode", "none")
        return {
            "answers": [
                {
                    "value": "*"
                    if str(a.get("value", "")).strip() == "*"
                    else fmt_fraction(parse_number(str(a.get("value", ""))) or ZERO),
                    "tolerance": fmt_fraction(abs(dec(a.get("tolerance")))),
                    "fraction": _frac(a.get("fraction")),
                    "feedback": str(a.get("feedback", "") or ""),
                }
                for a in data.get("answers", [])
            ],
            "units": [
                {
                    "unit": normalise_space(str(u.get("unit", ""))),
                    "multiplier": fmt_fraction(dec(u.get("multiplier"), ONE)),
                }
                for u in data.get("units", [])
            ],
            "unit_mode": mode if mode in UNIT_MODES else "none",
            "unit_penalty": _frac(data.get("unit_penalty", "0.1")),
        }
    if qtype == "matching":
        return {
            "pairs": [
                {
                    "id": str(p.get("id") or "") or opaque_id("stem", n, str(p.get("stem", ""))),
                    "stem": str(p.get("stem", "")),
                    "answer": normalise_space(str(p.get("answer", ""))),
                }
                for n, p in enumerate(data.get("pairs", []), 1)
            ],
            "shuffle": _bool(data.get("shuffle"), True),
        }
    if qtype == "ordering":
        grading = data.get("grading", "all_or_nothing")
        return {
            "items": [
                {
                    "id": str(i.get("id") or "") or opaque_id("item", n, str(i.get("text", ""))),
                    "text": str(i.get("text", "")),
                }
                for n, i in enumerate(data.get("items", []), 1)
            ],
            "grading": grading if grading in ORDERING_GRADINGS else "all_or_nothing",
        }
    if qtype == "gaps":
        gaps = []
        for n, g in enumerate(data.get("gaps", []), 1):
            kind = (
                g.get("kind", "text") if g.get("kind") in ("text", "select", "numeric") else "text"
            )
            gap: dict[str, Any] = {"id": str(g.get("id") or n), "kind": kind}
            if kind == "numeric":
                gap["answers"] = canonical("numeric", {"answers": g.get("answers", [])})["answers"]
            else:
                gap["answers"] = [
                    {
                        "text": normalise_space(str(a.get("text", ""))),
                        "fraction": _frac(a.get("fraction")),
                        "feedback": str(a.get("feedback", "") or ""),
                    }
                    for a in g.get("answers", [])
                    if kind != "select" or dec(a.get("fraction")) != 0 or a.get("feedback")
                ]
            gap["options"] = (
                [normalise_space(str(o)) for o in gap_options(g)] if kind == "select" else []
            )
            gap["case_sensitive"] = _bool(g.get("case_sensitive")) if kind == "text" else False
            gap["weight"] = fmt_fraction(dec(g.get("weight"), ONE))
            gaps.append(gap)
        has_select = any(g["kind"] == "select" for g in gaps)
        return {"gaps": gaps, "shuffle": has_select and _bool(data.get("shuffle"), True)}
    if qtype == "essay":
        fmt = data.get("response_format", "editor")
        return {
            "response_format": fmt if fmt in ("editor", "plain", "none") else "editor",
            "response_required": _bool(data.get("response_required"), True),
            "attachments": max(0, min(int(_int_or_none(data.get("attachments")) or 0), 10)),
            "attachments_required": max(
                0, min(int(_int_or_none(data.get("attachments_required")) or 0), 10)
            ),
            "template": str(data.get("template", "") or ""),
            "grader_info": str(data.get("grader_info", "") or ""),
            "min_words": _int_or_none(data.get("min_words")),
            "max_words": _int_or_none(data.get("max_words")),
        }
    return dict(data)
