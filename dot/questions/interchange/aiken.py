"""Aiken import: a question line, options «A. …» / «A) …», then «ANSWER: A»."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from .common import ParsedQuestion, ParseResult, Problem, plain_to_html

OPTION_RE = re.compile(r"^([A-Z])[.)]\s+(.*)$")
ANSWER_RE = re.compile(r"^ANSWER:\s*([A-Z])\s*$", re.IGNORECASE)


def parse(content: bytes | str) -> ParseResult:
    result = ParseResult()
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            result.errors.append(Problem("", _("The file is not in UTF-8.")))
            return result
    question: list[str] = []
    options: list[tuple[str, str]] = []
    start = 0
    for number, raw in enumerate(content.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        where = _("line %(n)s") % {"n": number}
        answer = ANSWER_RE.match(line)
        option = OPTION_RE.match(line)
        if answer:
            qwhere = _("line %(n)s") % {"n": start}
            letter = answer.group(1).upper()
            letters = [o[0] for o in options]
            if not question:
                result.errors.append(Problem(where, _("ANSWER without a question.")))
            elif len(options) < 2:
                result.errors.append(Problem(qwhere, _("Give at least two options.")))
            elif letter not in letters:
                result.errors.append(
                    Problem(where, _("The answer %(l)s is not one of the options.") % {"l": letter})
                )
            else:
                text = " ".join(question)
                result.questions.append(
                    ParsedQuestion(
                        qtype="single",
                        name=text[:60],
                        text=plain_to_html(text),
                        where=qwhere,
                        data={
                            "options": [
                                {
                                    "text": plain_to_html(t),
                                    "fraction": "1" if letter == ltr else "0",
                                    "feedback": "",
                                }
                                for n, (ltr, t) in enumerate(options, 1)
                            ],
                            "shuffle": True,
                        },
                    )
                )
            question, options = [], []
            continue
        if option and question:
            options.append((option.group(1), option.group(2)))
            continue
        if options:
            result.errors.append(
                Problem(where, _("Expected an option «B. …» or «ANSWER: B» here."))
            )
            question, options = [], []
            continue
        if not question:
            start = number
        question.append(line)
    if question:
        result.errors.append(
            Problem(_("line %(n)s") % {"n": start}, _("The question has no ANSWER line."))
        )
    if not result.questions and not result.errors:
        result.errors.append(Problem("", _("The file holds no questions.")))
    return result
