"""QuickSelect draws the same select list as Django's own template does, for the case
page's list of people and the dashboard's filters alike."""

import re

import pytest
from django import forms
from django.utils.translation import gettext_lazy, override

from avvik.form_rendering.widgets import QuickSelect
from avvik.models import Category

CHOICES = [
    ("", "Velg …"),
    ("Folk i <Enhet>", [("person:1", "Åse Ø & co"), ("person:2", 'Kari "K" Nord')]),
    ("Faginstanser", [("unit:3", "Brann")]),
    # The same value twice: like Django, only the first is marked chosen.
    ("Igjen", [("person:2", "Kari Nord, andre enhet")]),
]


def _normalised(html: str) -> str:
    return re.sub(r"\s+", " ", str(html)).replace("> <", "><").strip()


def _both(value, attrs=None, **widget_kwargs) -> tuple[str, str]:
    django_html = forms.Select(**widget_kwargs).render("owner", value, attrs=attrs)
    quick_html = QuickSelect(**widget_kwargs).render("owner", value, attrs=attrs)
    return django_html, quick_html


@pytest.mark.parametrize("value", ["", "person:2", "unit:3", None, "not-a-choice"])
def test_quick_select_matches_djangos_select(value):
    attrs = {
        "id": "id_owner",
        "class": "form-select is-invalid",
        "required": True,
        "disabled": False,
        "aria-describedby": "id_owner_helptext",
    }

    django_html, quick_html = _both(value, attrs, choices=CHOICES)

    assert _normalised(quick_html) == _normalised(django_html)
    assert "&lt;Enhet&gt;" in quick_html and "Åse Ø &amp; co" in quick_html
    # Nothing chosen (or None) chooses the empty option; an unknown value chooses none.
    assert quick_html.count(" selected") == (0 if value == "not-a-choice" else 1)


def test_quick_select_writes_translated_labels_in_the_readers_language():
    choices = [("open", gettext_lazy("Open")), ("all", gettext_lazy("All statuses"))]

    with override("nb"):
        django_html, quick_html = _both("open", choices=choices)

    assert _normalised(quick_html) == _normalised(django_html)
    assert '<option value="open" selected>' in quick_html


@pytest.mark.django_db
def test_quick_select_with_model_choices_marks_the_chosen_row():
    """The dashboard's category filter: values are Django's model-choice values."""

    class CategoryForm(forms.Form):
        category = forms.ModelChoiceField(
            queryset=Category.objects.order_by("pk"), required=False, widget=QuickSelect
        )

    chosen = Category.objects.order_by("pk").last()
    quick_html = str(CategoryForm({"category": chosen.pk})["category"])

    class DjangoForm(CategoryForm):
        category = forms.ModelChoiceField(queryset=Category.objects.order_by("pk"), required=False)

    django_html = str(DjangoForm({"category": chosen.pk})["category"])
    assert Category.objects.count() > 1
    assert _normalised(quick_html) == _normalised(django_html)
    assert f'<option value="{chosen.pk}" selected>' in quick_html


def test_quick_select_in_a_form_keeps_the_chosen_value():
    class OwnerForm(forms.Form):
        owner = forms.ChoiceField(choices=CHOICES, widget=QuickSelect)

    html = str(OwnerForm({"owner": "unit:3"})["owner"])

    assert '<option value="unit:3" selected>Brann</option>' in html
