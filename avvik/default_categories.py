"""The routine's categories as the data migrations seed them, for a database that was
emptied after migrating (a flushed benchmark database, a transactional test)."""

from __future__ import annotations

import importlib

from avvik.models import Category


def ensure_default_categories() -> dict[str, Category]:
    """Create whichever of the routine's categories are missing, with their names in
    each language, and return every category by code."""
    seeded = importlib.import_module("avvik.migrations.0002_seed_categories")
    names = importlib.import_module("avvik.migrations.0005_category_names_per_language")
    for order, (code, name, orally, health, inform) in enumerate(seeded.CATEGORIES, start=1):
        _nb, nn, en = names.DEFAULT_NAMES[code]
        Category.objects.get_or_create(
            code=code,
            defaults={
                "name_nb": name,
                "name_nn": nn,
                "name_en": en,
                "report_orally": orally,
                "involves_health_data": health,
                "inform_safety_representative": inform,
                "sort_order": order * 10,
            },
        )
    return {category.code: category for category in Category.objects.all()}
