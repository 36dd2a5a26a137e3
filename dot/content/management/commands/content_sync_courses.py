"""Create the courses of a semester from the teaching assignments (run after the
department assigns teachers; safe to repeat)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dot.academics.models import Semester
from dot.content.services import courses_sync


class Command(BaseCommand):
    help = "Create or complete the courses of a semester from the teaching assignments."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("semester_id", type=int, help="id of the semester")

    def handle(self, *args: Any, **options: Any) -> None:
        semester = Semester.objects.filter(pk=options["semester_id"]).first()
        if semester is None:
            raise CommandError("No such semester.")
        courses = courses_sync(semester=semester, actor=None)
        self.stdout.write(f"{len(courses)} courses of {semester}.")
