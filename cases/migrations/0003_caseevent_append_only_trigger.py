"""On PostgreSQL the database itself keeps the case timeline append-only: a trigger
refuses every UPDATE and DELETE on cases_caseevent, whatever code or SQL tries it.
(TRUNCATE, which only a test database flush or an operator uses, is not affected.)"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION cases_caseevent_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'cases_caseevent is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS cases_caseevent_append_only ON cases_caseevent;
CREATE TRIGGER cases_caseevent_append_only
    BEFORE UPDATE OR DELETE ON cases_caseevent
    FOR EACH ROW EXECUTE FUNCTION cases_caseevent_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS cases_caseevent_append_only ON cases_caseevent;
DROP FUNCTION IF EXISTS cases_caseevent_refuse_change();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_handling")]
    operations = [migrations.RunPython(create_trigger, drop_trigger)]
