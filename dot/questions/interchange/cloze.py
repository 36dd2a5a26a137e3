"""Moodle's embedded answers (Cloze) → our «gaps» type where it maps.

``{1:SHORTANSWER:=Berlin#ok~%50%Bonn}``, ``{2:NUMERICAL:=3.14:0.01}``,
``{1:MULTICHOICE:=yes~no}`` (and the _C/_V/_H/_S variants) become text, numeric and
select gaps. MULTIRESPONSE has no equivalent and is reported.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

from ..qtypes import fmt_fraction, parse_number

CLOZE_RE = re.compile(r"\{(\d*):([A-Z_]+):((?:\\.|[^\\}])*)\}")
TEXT_TYPES = {"SHORTANSWER", "SA", "MW", "SHORTANSWER_C", "SAC", "MWC"}
NUM_TYPES = {"NUMERICAL", "NM"}
CHOICE_TYPES = {
    "MULTICHOICE", "MC", "MULTICHOICE_V", "MCV", "MULTICHOICE_H", "MCH",
    "MULTICHOICE_S", "MCS", "MULTICHOICE_VS", "MCVS", "MULTICHOICE_HS", "MCHS",
}  # fmt: skip


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _split(body: str, sep: str) -> list[str]:
    parts, current, i = [], "", 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            current += body[i : i + 2]
            i += 2
            continue
        if ch == sep:
            parts.append(current)
            current = ""
        else:
            current += ch
        i += 1
    parts.append(current)
    return parts


def _answers(body: str) -> list[dict[str, str]]:
    answers = []
    for raw in _split(body, "~"):
        raw = raw.strip()
        if not raw:
            continue
        fraction = "0"
        if raw.startswith("="):
            fraction, raw = "1", raw[1:]
        else:
            m = re.match(r"%(-?[\d.]+)%", raw)
            if m:
                from decimal import Decimal

                fraction = fmt_fraction(Decimal(m.group(1)) / 100)
                raw = raw[m.end() :]
        text, *fb = _split(raw, "#")
        answers.append(
            {
                "text": _unescape(text).strip(),
                "fraction": fraction,
                "feedback": _unescape(fb[0]) if fb else "",
            }
        )
    return answers


def parse_cloze(text: str) -> tuple[str, dict[str, Any], list[str]]:
    """(text with [[n]] markers, gaps data, problems)."""
    gaps: list[dict[str, Any]] = []
    problems: list[str] = []

    def replace(m: re.Match[str]) -> str:
        weight, kind, body = m.group(1) or "1", m.group(2), m.group(3)
        gid = str(len(gaps) + 1)
        answers = _answers(body)
        if kind in TEXT_TYPES:
            gap: dict[str, Any] = {
                "id": gid,
                "kind": "text",
                "case_sensitive": kind in ("SHORTANSWER_C", "SAC", "MWC"),
                "answers": answers,
            }
        elif kind in NUM_TYPES:
            num_answers = []
            for a in answers:
                value, _sep, tol = a["text"].partition(":")
                if value.strip() != "*" and parse_number(value) is None:
                    problems.append(
                        _("Gap %(n)s: «%(v)s» is not a number.") % {"n": gid, "v": value}
                    )
                num_answers.append(
                    {
                        "value": value.strip(),
                        "tolerance": tol.strip() or "0",
                        "fraction": a["fraction"],
                        "feedback": a["feedback"],
                    }
                )
            gap = {"id": gid, "kind": "numeric", "answers": num_answers}
        elif kind in CHOICE_TYPES:
            gap = {
                "id": gid,
                "kind": "select",
                "answers": answers,
                "options": [a["text"] for a in answers],
            }
        else:
            problems.append(
                _("The embedded answer type %(kind)s is not supported.") % {"kind": kind}
            )
            return m.group(0)
        gap["weight"] = weight
        gaps.append(gap)
        return f"[[{gid}]]"

    shuffled: list[bool] = []

    def replace_and_note(m: re.Match[str]) -> str:
        if m.group(2) in CHOICE_TYPES:
            shuffled.append(m.group(2).endswith("S"))
        return replace(m)

    new_text = CLOZE_RE.sub(replace_and_note, text)
    if not gaps and not problems:
        problems.append(_("No embedded answers found in the text."))
    return new_text, {"gaps": gaps, "shuffle": any(shuffled)}, problems


def _escape(text: str) -> str:
    return re.sub(r"([}~#\\/\"])", r"\\\1", text)


def to_cloze(text: str, data: dict[str, Any]) -> str:
    """Our gaps question as Cloze text (export to Moodle XML)."""
    from ..qtypes import dec

    gaps = {str(g["id"]): g for g in data.get("gaps", [])}

    def answer_code(a: dict[str, Any], body: str) -> str:
        f = dec(a.get("fraction"))
        prefix = "=" if f == 1 else f"%{fmt_fraction(f * 100)}%"
        fb = f"#{_escape(a['feedback'])}" if a.get("feedback") else ""
        return prefix + body + fb

    def replace(m: re.Match[str]) -> str:
        gap = gaps.get(m.group(1))
        if gap is None:
            return m.group(0)
        weight = fmt_fraction(dec(gap.get("weight"), dec(1)))
        kind = gap.get("kind", "text")
        if kind == "numeric":
            body = "~".join(
                answer_code(a, f"{a.get('value', '')}:{a.get('tolerance') or '0'}")
                for a in gap.get("answers", [])
            )
            return f"{{{weight}:NUMERICAL:{body}}}"
        if kind == "select":
            answers = {a["text"]: a for a in gap.get("answers", [])}
            options = list(dict.fromkeys([*gap.get("options", []), *answers]))
            body = "~".join(
                answer_code(answers.get(o, {"fraction": "0"}), _escape(o)) for o in options
            )
            code = "MULTICHOICE_S" if data.get("shuffle") else "MULTICHOICE"
            return f"{{{weight}:{code}:{body}}}"
        code = "SHORTANSWER_C" if gap.get("case_sensitive") else "SHORTANSWER"
        body = "~".join(answer_code(a, _escape(a.get("text", ""))) for a in gap.get("answers", []))
        return f"{{{weight}:{code}:{body}}}"

    return re.sub(r"\[\[([A-Za-z0-9_-]{1,20})\]\]", replace, text)
