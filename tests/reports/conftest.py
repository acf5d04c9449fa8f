import pytest
from django.utils import translation

from tests.reports.seeding import seed_history


@pytest.fixture
def seeded(org):
    """80 deviations over Q4 2025 – April 2026 in every part of the test municipality."""
    return seed_history(org)


@pytest.fixture
def english(settings):
    """Figures are read back by their English labels: the translations may change."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
