"""The routine's list of deviation kinds (ROUTINE.md 1c). HMS administrators can change
them afterwards in the admin."""

from django.db import migrations

# code, name, report orally, health data, inform the safety representative
CATEGORIES = [
    ("personskade", "Personskade", True, True, True),
    ("nestenulykke", "Nestenulykke", False, False, True),
    ("branntillop", "Branntilløp", True, False, True),
    ("materiell-skade", "Materiell skade", False, False, False),
    ("bygningsmessig-skade", "Bygningsmessig skade", False, False, True),
    ("miljoutslipp", "Miljøutslipp", True, False, True),
    ("brudd-internkontroll", "Brudd på internkontrollforskriften", False, False, True),
    ("brudd-interne-rutiner", "Brudd på interne rutiner", False, False, False),
    ("annet", "Annet", False, False, False),
]


def seed(apps, schema_editor):
    Category = apps.get_model("avvik", "Category")
    for order, (code, name, orally, health, inform) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "report_orally": orally,
                "involves_health_data": health,
                "inform_safety_representative": inform,
                "sort_order": order * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("avvik", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
