"""The unit field's type-ahead finds active units by name or code."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_unit_search_finds_active_units_and_leaves_out_deactivated_and_specialist(client, org):
    org.sibling_unit.is_active = False
    org.sibling_unit.save()
    client.force_login(org.reporter)
    found = client.get(reverse("orgchart:unit_search"), {"q": "solsiden"}).json()["units"]
    assert [u["name"] for u in found] == ["Solsiden sykehjem"]
    assert found[0]["parent"] == "Helse og omsorg"
    assert client.get(reverse("orgchart:unit_search"), {"q": "Hjemmetjenesten"}).json() == {
        "units": []
    }
    assert client.get(reverse("orgchart:unit_search"), {"q": "Eiendom"}).json() == {"units": []}
    assert (
        client.get(reverse("orgchart:unit_search"), {"q": "SOL"}).json()["units"][0]["id"]
        == org.unit.pk
    )


@pytest.mark.django_db
def test_unit_search_needs_two_characters(client, org):
    client.force_login(org.reporter)
    assert client.get(reverse("orgchart:unit_search"), {"q": "s"}).json() == {"units": []}
