"""What the importers produce and the helpers they share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.html import escape

from ..qtypes import fmt_fraction


@dataclass
class ParsedQuestion:
    """A question read from a file, before it is saved."""

    qtype: str
    name: str
    text: str
    data: dict[str, Any]
    where: str
    general_feedback: str = ""
    default_mark: Decimal = Decimal(1)
    category: list[str] | None = None  # names below the bank's top category
    files: dict[str, bytes] = field(default_factory=dict)  # @@PLUGINFILE@@ name → bytes
    hidden: bool = False


@dataclass
class Problem:
    where: str
    message: str


@dataclass
class ParseResult:
    questions: list[ParsedQuestion] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    categories: list[list[str]] = field(default_factory=list)


def percent_to_fraction(value: str | None) -> str:
    """Moodle's percent (``"33.33333"``, ``"-50"``) → our fraction string."""
    try:
        number = Decimal(str(value or "0").strip()) / Decimal(100)
    except ArithmeticError:
        return "0"
    return fmt_fraction(number)


def fraction_to_percent(value: Any) -> str:
    from ..qtypes import dec

    return fmt_fraction(dec(value) * 100)


def plain_to_html(text: str) -> str:
    """Plain (or Moodle auto-format) text as HTML paragraphs."""
    text = text.strip()
    if not text:
        return ""
    paragraphs = re.split(r"\n\s*\n", text)
    return "".join(
        "<p>" + "<br>".join(escape(line) for line in p.split("\n")) + "</p>" for p in paragraphs
    )


def split_category_path(path: str) -> list[str]:
    """``$course$/top/A/B`` → ``["A", "B"]`` (Moodle doubles a slash inside a name)."""
    path = path.strip()
    parts = [p.replace("\x00", "/") for p in path.replace("//", "\x00").split("/")]
    parts = [p.strip() for p in parts if p.strip()]
    if parts and re.fullmatch(r"\$[a-z0-9]+\$", parts[0]):
        parts = parts[1:]
    if parts and parts[0] == "top":
        parts = parts[1:]
    return parts


def join_category_path(names: list[str]) -> str:
    return "/".join(["$course$", "top", *(n.replace("/", "//") for n in names)])
