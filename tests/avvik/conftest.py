import pytest

from tests.avvik.filing import ensure_categories


@pytest.fixture
def categories(db):
    """The routine's categories by code (personskade, nestenulykke, materiell-skade …)."""
    return ensure_categories()
