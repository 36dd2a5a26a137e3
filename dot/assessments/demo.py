"""Demo data of the testing app (``manage.py seed_demo``): the tests, attempts and results
are built by ``demo_results.seed`` (a module test and an exam with random draws on the
first demo course with a question bank, finished attempts for the results and item
statistics)."""

from __future__ import annotations

from typing import Any


def seed(units: dict[str, Any]) -> None:
    import importlib

    try:
        results = importlib.import_module("dot.assessments.demo_results")
    except ModuleNotFoundError as exc:  # the grading helper's module is not in this checkout
        if exc.name != "dot.assessments.demo_results":
            raise
        return
    results.seed(units)
