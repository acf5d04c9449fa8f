"""Categories that count as near misses in the committee's summary: the routine's own
"Nestenulykke" from the start."""

from django.db import migrations, models


def flag_near_miss(apps, schema_editor):
    Category = apps.get_model("avvik", "Category")
    Category.objects.filter(code="nestenulykke").update(is_near_miss=True)


class Migration(migrations.Migration):
    dependencies = [("avvik", "0004_dashboard_wide_scopes")]

    operations = [
        migrations.AddField(
            model_name="category",
            name="is_near_miss",
            field=models.BooleanField(
                default=False,
                help_text="The committee's summary counts these deviations as near misses.",
                verbose_name="counts as a near miss",
            ),
        ),
        migrations.RunPython(flag_near_miss, migrations.RunPython.noop),
    ]
