"""QuickSelect draws the same select list as Django's own template does."""

import re

import pytest
from django import forms

from cases.forms.widgets import QuickSelect

CHOICES = [
    ("", "Velg …"),
    ("Folk i <Enhet>", [("person:1", "Åse Ø & co"), ("person:2", 'Kari "K" Nord')]),
    ("Faginstanser", [("unit:3", "Brann")]),
]


def _normalised(html: str) -> str:
    return re.sub(r"\s+", " ", str(html)).replace("> <", "><").strip()


@pytest.mark.parametrize("value", ["", "person:2", "unit:3", None])
def test_quick_select_matches_djangos_select(value):
    attrs = {
        "id": "id_owner",
        "class": "form-select is-invalid",
        "required": True,
        "disabled": False,
    }

    django_html = forms.Select(choices=CHOICES).render("owner", value, attrs=attrs)
    quick_html = QuickSelect(choices=CHOICES).render("owner", value, attrs=attrs)

    assert _normalised(quick_html) == _normalised(django_html)
    assert "&lt;Enhet&gt;" in quick_html and "Åse Ø &amp; co" in quick_html


def test_quick_select_in_a_form_keeps_the_chosen_value():
    class OwnerForm(forms.Form):
        owner = forms.ChoiceField(choices=CHOICES, widget=QuickSelect)

    html = str(OwnerForm({"owner": "unit:3"})["owner"])

    assert '<option value="unit:3" selected>Brann</option>' in html
