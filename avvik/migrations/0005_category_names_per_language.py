"""A category's name and help text in each language. Today's names and help texts were
written in bokmål: they become the bokmål fields; the routine's default categories also
get their nynorsk and English names."""

from django.db import migrations, models

# code: (bokmål, nynorsk, English), for the categories 0002_seed_categories creates.
DEFAULT_NAMES = {
    "personskade": ("Personskade", "Personskade", "Personal injury"),
    "nestenulykke": ("Nestenulykke", "Nestenulukke", "Near miss"),
    "branntillop": ("Branntilløp", "Branntilløp", "Incipient fire"),
    "materiell-skade": ("Materiell skade", "Materiell skade", "Damage to equipment"),
    "bygningsmessig-skade": ("Bygningsmessig skade", "Bygningsmessig skade", "Damage to buildings"),
    "miljoutslipp": ("Miljøutslipp", "Miljøutslepp", "Discharge to the environment"),
    "brudd-internkontroll": (
        "Brudd på internkontrollforskriften",
        "Brot på internkontrollforskrifta",
        "Breach of the internal control regulations",
    ),
    "brudd-interne-rutiner": (
        "Brudd på interne rutiner",
        "Brot på interne rutinar",
        "Breach of internal routines",
    ),
    "annet": ("Annet", "Anna", "Other"),
}


def name_defaults(apps, schema_editor):
    Category = apps.get_model("avvik", "Category")
    for category in Category.objects.filter(code__in=DEFAULT_NAMES):
        nb, nn, en = DEFAULT_NAMES[category.code]
        category.name_nn = category.name_nn or nn
        category.name_en = category.name_en or en
        if category.name_nb == nb:  # not renamed by an administrator
            category.save(update_fields=["name_nn", "name_en"])


class Migration(migrations.Migration):
    dependencies = [("avvik", "0004_dashboard_wide_scopes")]

    operations = [
        migrations.AlterModelOptions(
            name="category",
            options={
                "ordering": ["sort_order", "name"],
                "verbose_name": "category",
                "verbose_name_plural": "categories",
            },
        ),
        migrations.RenameField("category", "name", "name_nb"),
        migrations.RenameField("category", "description", "description_nb"),
        migrations.AlterModelOptions(
            name="category",
            options={
                "ordering": ["sort_order", "name_nb"],
                "verbose_name": "category",
                "verbose_name_plural": "categories",
            },
        ),
        migrations.AlterField(
            model_name="category",
            name="name_nb",
            field=models.CharField(blank=True, max_length=120, verbose_name="name (bokmål)"),
        ),
        migrations.AlterField(
            model_name="category",
            name="description_nb",
            field=models.TextField(blank=True, verbose_name="help text (bokmål)"),
        ),
        migrations.AddField(
            model_name="category",
            name="name_nn",
            field=models.CharField(blank=True, max_length=120, verbose_name="name (nynorsk)"),
        ),
        migrations.AddField(
            model_name="category",
            name="name_en",
            field=models.CharField(blank=True, max_length=120, verbose_name="name (English)"),
        ),
        migrations.AddField(
            model_name="category",
            name="description_nn",
            field=models.TextField(blank=True, verbose_name="help text (nynorsk)"),
        ),
        migrations.AddField(
            model_name="category",
            name="description_en",
            field=models.TextField(blank=True, verbose_name="help text (English)"),
        ),
        migrations.RunPython(name_defaults, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="category",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("name_en", ""), ("name_nb", ""), ("name_nn", ""), _negated=True
                ),
                name="category_has_a_name",
            ),
        ),
    ]
