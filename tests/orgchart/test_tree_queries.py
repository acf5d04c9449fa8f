"""The tree answers "ancestors of X" and "everything under X" with one indexed query."""

import pytest
from django.db import connection

from orgchart.models import OrgUnit
from tests.factories import OrgUnitFactory


def _chain(depth):
    unit = OrgUnitFactory()
    chain = [unit]
    for _ in range(depth):
        unit = OrgUnitFactory(parent=unit)
        chain.append(unit)
    return chain


@pytest.mark.django_db
def test_ancestors_and_descendants_are_one_query_each(django_assert_num_queries):
    chain = _chain(5)
    leaf, root = chain[-1], chain[0]
    with django_assert_num_queries(1):
        assert [u.pk for u in leaf.ancestors()] == [u.pk for u in chain[:-1]]
    with django_assert_num_queries(1):
        assert {u.pk for u in root.descendants()} == {u.pk for u in chain}


@pytest.mark.django_db
def test_moving_a_unit_moves_everything_under_it():
    a, b = OrgUnitFactory(), OrgUnitFactory()
    child = OrgUnitFactory(parent=a)
    grandchild = OrgUnitFactory(parent=child)
    child.parent = b
    child.save()
    grandchild.refresh_from_db()
    assert [u.pk for u in grandchild.ancestors()] == [b.pk, child.pk]
    assert grandchild.depth == 2
    assert not a.descendants(include_self=False).exists()


@pytest.mark.postgres
@pytest.mark.django_db
def test_subtree_and_ancestor_lookups_use_indexes_on_postgres():
    chain = _chain(3)
    OrgUnit.objects.bulk_create(
        [
            OrgUnit(code=f"B{i}", name=f"B{i}", path=f"{90000000 + i:08d}/", depth=0)
            for i in range(2000)
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("ANALYZE orgchart_orgunit")
        sql, params = chain[0].descendants().values("pk").query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = " ".join(row[0] for row in cursor.fetchall())
        assert "Index" in plan and "path" in plan, plan
        sql, params = chain[-1].ancestors().values("pk").query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = " ".join(row[0] for row in cursor.fetchall())
        assert "Index" in plan, plan
