"""An index in the users list's order (surname, name, patronymic, id).

Without it every page of the list sorts the whole user table: page 50 of 10,000 users took
about 17 ms in PostgreSQL, with the index about 1 ms (bench/profile_lists.py, EXPLAIN ANALYZE).
Plain SQL that SQLite and PostgreSQL both accept; the model's state is not changed (the
index serves ``selectors.filtered_users``' ordering only), so ``makemigrations --check``
stays clean.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.RunSQL(
            sql=(
                "CREATE INDEX accounts_user_list_order ON accounts_user "
                "(last_name, first_name, patronymic, id)"
            ),
            reverse_sql="DROP INDEX accounts_user_list_order",
        )
    ]
