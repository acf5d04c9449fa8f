"""Case.deviation_unit: the deviation's unit on the case, for the subtree scopes' index."""

import django.db.models.deletion
from django.db import migrations, models

OPEN = ["reported", "in_progress", "evaluating"]


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_case_committee_summary"),
        ("orgchart", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="deviation_unit",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="orgchart.orgunit",
                verbose_name="unit where it happened",
            ),
        ),
        migrations.RunSQL(
            "UPDATE cases_case SET deviation_unit_id = ("
            " SELECT unit_id FROM avvik_deviation WHERE avvik_deviation.id = cases_case.deviation_id)",
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="case",
            name="deviation_unit",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="orgchart.orgunit",
                verbose_name="unit where it happened",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["deviation_unit", "status"], name="case_unit_status"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("status__in", OPEN)),
                fields=["deviation_unit", "status"],
                include=("id", "closure_due", "receipt_due"),
                name="case_open_by_unit",
            ),
        ),
    ]
