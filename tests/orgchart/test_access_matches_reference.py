"""The access module against a plain reference that walks parent pointers in Python,
over random trees, moves, vacancies, deputies, deactivations and memberships."""

from __future__ import annotations

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orgchart.access import access_for, next_leader_up, responsible_leader
from orgchart.models import Committee, OrgUnit, SafetyRepresentative
from tests.factories import UserFactory

PEOPLE = 5


@st.composite
def organisations(draw):
    size = draw(st.integers(min_value=1, max_value=14))
    parents = [None] + [draw(st.integers(min_value=0, max_value=i - 1)) for i in range(1, size)]
    person = st.one_of(st.none(), st.integers(min_value=0, max_value=PEOPLE - 1))
    return {
        "parents": parents,
        "leaders": [draw(person) for _ in range(size)],
        "deputies": [draw(person) for _ in range(size)],
        "active": [draw(st.booleans()) if i else True for i in range(size)],
        "inactive_people": draw(st.sets(st.integers(0, PEOPLE - 1), max_size=2)),
        # (unit, new parent) pairs applied after creation; invalid ones are skipped.
        "moves": draw(
            st.lists(st.tuples(st.integers(0, size - 1), st.integers(0, size - 1)), max_size=4)
        ),
        "safety": {p: draw(st.sets(st.integers(0, size - 1), max_size=3)) for p in range(PEOPLE)},
        "committees": draw(
            st.lists(
                st.tuples(
                    st.integers(0, size - 1), st.sets(st.integers(0, PEOPLE - 1)), st.booleans()
                ),
                max_size=3,
            )
        ),
    }


def _ancestry(index, parents):
    chain = []
    while index is not None:
        chain.append(index)
        index = parents[index]
    return chain  # self first, root last


def _would_cycle(unit, new_parent, parents):
    return unit in _ancestry(new_parent, parents)


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=organisations())
def test_access_module_agrees_with_reference_walk(spec):
    with transaction.atomic():
        _check(spec)
        transaction.set_rollback(True)


def _check(spec):
    parents = list(spec["parents"])
    people = [UserFactory() for _ in range(PEOPLE)]
    for p in spec["inactive_people"]:
        people[p].is_active = False
        people[p].save(update_fields=["is_active"])

    def who(i):
        return None if i is None else people[i]

    units = []
    for i, parent in enumerate(parents):
        units.append(
            OrgUnit.objects.create(
                code=f"T{i}",
                name=f"Unit {i}",
                parent=units[parent] if parent is not None else None,
                leader=who(spec["leaders"][i]),
                deputy=who(spec["deputies"][i]),
                is_active=spec["active"][i],
            )
        )
    for unit_index, new_parent in spec["moves"]:
        if parents[unit_index] is None or _would_cycle(unit_index, new_parent, parents):
            continue
        parents[unit_index] = new_parent
        moved = OrgUnit.objects.get(pk=units[unit_index].pk)
        moved.parent = units[new_parent]
        moved.save()
    units = [OrgUnit.objects.get(pk=u.pk) for u in units]

    for p, covered in spec["safety"].items():
        if covered:
            rep = SafetyRepresentative.objects.create(user=people[p])
            rep.units.set([units[i] for i in covered])
    for unit_index, members, active in spec["committees"]:
        committee = Committee.objects.create(name="AMU", unit=units[unit_index], is_active=active)
        committee.members.set([people[m] for m in members])

    # The tree itself: ancestors and descendants as one query each.
    for i, unit in enumerate(units):
        expected_ancestors = [units[a].pk for a in reversed(_ancestry(i, parents)[1:])]
        assert list(unit.ancestors().values_list("pk", flat=True)) == expected_ancestors
        expected_below = {units[j].pk for j in range(len(units)) if i in _ancestry(j, parents)}
        assert set(unit.descendants().values_list("pk", flat=True)) == expected_below
        assert unit.depth == len(_ancestry(i, parents)) - 1

    def leader_of(i):
        person = spec["leaders"][i]
        return person if person is not None and person not in spec["inactive_people"] else None

    for i, unit in enumerate(units):
        chain = _ancestry(i, parents)
        expected = next((leader_of(a) for a in chain if leader_of(a) is not None), None)
        leader, _holder = responsible_leader(unit)
        assert (leader.pk if leader else None) == (
            people[expected].pk if expected is not None else None
        )
        expected_up = next((leader_of(a) for a in chain[1:] if leader_of(a) is not None), None)
        leader_up, _holder = next_leader_up(unit)
        assert (leader_up.pk if leader_up else None) == (
            people[expected_up].pk if expected_up is not None else None
        )

    for p, person in enumerate(people):
        person = type(person).objects.get(pk=person.pk)
        access = access_for(person)
        if p in spec["inactive_people"]:
            assert access.user_id is None
            continue
        for i, unit in enumerate(units):
            chain = _ancestry(i, parents)
            leads = any(
                spec["active"][a] and p in (spec["leaders"][a], spec["deputies"][a]) for a in chain
            )
            assert access.leads(unit) == leads, (p, i)
            covers = any(spec["active"][a] and a in spec["safety"][p] for a in chain)
            assert access.covers_as_safety_representative(unit) == covers, (p, i)
        led = {units[i].pk for i in range(len(units)) if access.leads(units[i])}
        assert set(access.led_units().values_list("pk", flat=True)) == led
        expected_committees = {
            c.pk
            for c, (_u, members, active) in zip(
                Committee.objects.order_by("pk"), spec["committees"], strict=True
            )
            if active and p in members
        }
        assert access.committee_ids == expected_committees
