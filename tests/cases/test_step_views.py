"""The steps of the routine are data served by one view (cases/views/steps.py): every
step the case page offers has its view, each at its own address, and a step that is not
one answers 404."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.urls import reverse

from cases.forms import STEP_FORMS
from cases.models import Case
from cases.views.steps import STEPS, take_step
from tests.cases.workflow import open_case

pytestmark = pytest.mark.django_db


def test_every_step_the_page_offers_can_be_taken():
    assert set(STEP_FORMS) <= set(STEPS)
    for name, form in STEP_FORMS.items():
        assert STEPS[name].form is form


def test_each_step_has_its_own_address():
    addresses = [reverse(f"cases:{name}", args=[1]) for name in STEPS]
    assert len(set(addresses)) == len(STEPS)


def test_a_step_that_is_not_one_is_not_found(rf, org):
    case = open_case(org)
    request = rf.post(f"/avvik/saker/{case.pk}/slett/", {})
    request.user = org.leader

    with pytest.raises(Http404):
        take_step(request, case.pk, step="delete_everything")
    assert Case.objects.get(pk=case.pk).status == case.status
