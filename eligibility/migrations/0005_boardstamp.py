"""The dashboard's stamp (BoardStamp) and the triggers that raise it with every write of a company's
stored results (MatchResult) and answers (Declaration), in the writing statement's transaction."""

import django.db.models.deletion
from django.db import migrations, models

FUNCTION = """
CREATE OR REPLACE FUNCTION eligibility_board_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Ordered by company, so that two transactions stamping the same companies lock them in the same order.
    INSERT INTO eligibility_boardstamp (company_id, version)
    SELECT company_id, 1 FROM (SELECT DISTINCT company_id FROM changed) AS c ORDER BY company_id
    ON CONFLICT (company_id) DO UPDATE SET version = eligibility_boardstamp.version + 1;
    RETURN NULL;
END;
$$;
"""

TABLES = ("eligibility_matchresult", "eligibility_declaration")


def _triggers() -> str:
    sql = []
    for table in TABLES:
        for event, ref in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            name = f"{table}_stamp_{event.lower()}"
            sql.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {ref} TABLE AS changed "
                f"FOR EACH STATEMENT EXECUTE FUNCTION eligibility_board_stamp();"
            )
    return "\n".join(sql)


def _drop() -> str:
    drops = [
        f"DROP TRIGGER IF EXISTS {table}_stamp_{event} ON {table};"
        for table in TABLES
        for event in ("insert", "update", "delete")
    ]
    return "\n".join([*drops, "DROP FUNCTION IF EXISTS eligibility_board_stamp();"])


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":  # elsewhere the dashboard counts its rows
        schema_editor.execute(FUNCTION + _triggers())


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_drop())


class Migration(migrations.Migration):
    dependencies = [("eligibility", "0004_match_declaration_review")]

    operations = [
        migrations.CreateModel(
            name="BoardStamp",
            fields=[
                (
                    "company",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="board_stamp",
                        serialize=False,
                        to="eligibility.company",
                    ),
                ),
                ("version", models.BigIntegerField(default=0, verbose_name="版本")),
            ],
            options={"verbose_name": "匹配结果版本", "verbose_name_plural": "匹配结果版本"},
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
