"""One review per expert per application, enforced by the database; a reduced amount on 核减后支持.

Before the constraint, an expert could submit twice; the first review is the one that counts, so any
later duplicates are removed first (the append-only trigger is paused for that one statement).
"""

from django.conf import settings
from django.db import migrations, models

DEDUPLICATE = """
DELETE FROM applications_review r
 USING applications_review first
 WHERE r.application_id = first.application_id
   AND r.expert_id = first.expert_id
   AND (r.created_at, r.id) > (first.created_at, first.id)
"""


def drop_duplicates(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT 1 FROM applications_review GROUP BY application_id, expert_id HAVING COUNT(*) > 1 LIMIT 1"
            )
            if cursor.fetchone() is None:
                return
            cursor.execute("ALTER TABLE applications_review DISABLE TRIGGER applications_review_append_only")
            cursor.execute(DEDUPLICATE)
            cursor.execute("ALTER TABLE applications_review ENABLE TRIGGER applications_review_append_only")
        else:
            cursor.execute(
                "DELETE FROM applications_review WHERE id NOT IN "
                "(SELECT MIN(id) FROM applications_review GROUP BY application_id, expert_id)"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0002_append_only_triggers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="review",
            name="reduced_amount_yuan",
            field=models.BigIntegerField(blank=True, null=True, verbose_name="核减后建议金额(元)"),
        ),
        migrations.RunPython(drop_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="review",
            constraint=models.UniqueConstraint(
                fields=("application", "expert"),
                name="one_review_per_expert_per_application",
                violation_error_message="该专家已提交过对此申报的评审意见。",
            ),
        ),
    ]
