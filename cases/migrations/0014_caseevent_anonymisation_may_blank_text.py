"""The timeline stays append-only, with one exception the archive law demands: when a
case's retention period has run out, the anonymisation (cases.retention) blanks the
texts and people of its events. The trigger lets an UPDATE through only inside a
transaction that said so (``SET LOCAL avvik.anonymising = 'on'``), and only if the
event's case, kind and time stay as they were. DELETE is still refused."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION cases_caseevent_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND coalesce(current_setting('avvik.anonymising', true), '') = 'on'
       AND NEW.id = OLD.id AND NEW.case_id = OLD.case_id
       AND NEW.kind = OLD.kind AND NEW.at = OLD.at THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'cases_caseevent is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""

RESTORE = """
CREATE OR REPLACE FUNCTION cases_caseevent_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'cases_caseevent is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def allow_anonymisation(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def refuse_all(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(RESTORE, params=None)


class Migration(migrations.Migration):
    dependencies = [("cases", "0013_legal_duties_and_retention")]
    operations = [migrations.RunPython(allow_anonymisation, refuse_all)]
