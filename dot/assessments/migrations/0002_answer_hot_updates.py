"""Answer rows are written once at start and updated by every save: on PostgreSQL leave
a fifth of each page free (fillfactor 80) so that the saves are HOT updates — no new
entry in any index of the table — and drop the attempt_id index that the unique
(attempt, slot) index makes redundant (bench/exam_session.py)."""

import django.db.models.deletion
from django.db import migrations, models

TABLES = ("assessments_attemptanswer", "assessments_attempt")


def set_fillfactor(apps, schema_editor, value=80):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(
            f"ALTER TABLE {schema_editor.quote_name(table)} SET (fillfactor = {int(value)})"
        )


def reset_fillfactor(apps, schema_editor):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {schema_editor.quote_name(table)} RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="attemptanswer",
            name="attempt",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="answers",
                to="assessments.attempt",
                verbose_name="attempt",
            ),
        ),
        migrations.RunPython(set_fillfactor, reset_fillfactor),
    ]
