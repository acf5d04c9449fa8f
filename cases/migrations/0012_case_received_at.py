"""Case.received_at: when receipt was first acknowledged, from the timeline; and an index
that gives the statistics each deviation's case without reading the table."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_case_deviation_unit"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="received_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="receipt acknowledged"
            ),
        ),
        migrations.RunSQL(
            "UPDATE cases_case SET received_at = ("
            " SELECT MIN(e.at) FROM cases_caseevent e"
            " WHERE e.case_id = cases_case.id AND e.kind = 'acknowledged')",
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["deviation"],
                include=("status", "closure_due", "closed_at", "escalation_level", "received_at"),
                name="case_statistics",
            ),
        ),
    ]
