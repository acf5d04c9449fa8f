"""Every URL that names an object (a case, an attachment, a committee, a poster …) has a
test that tries it as the people who must be refused. A new URL with an id in it fails
here until it is entered below with that test: for a case's URLs, a test of the
permission matrix run as every role; for the others, the test that shows an outsider a
404 or a 403."""

from __future__ import annotations

from django.urls import get_resolver

from tests.cases import test_permission_matrix as matrix
from tests.cases import test_permission_matrix_routine as routine
from tests.cases import test_poster_reporting as posters
from tests.cases import test_serious_injury as serious_injury
from tests.cases import test_unit_qr as unit_qr
from tests.reports import test_amu_reports as amu_reports
from tests.reports import test_public_release as public_release
from tests.test_login_required import _walk

# The URLs of one case, and the matrix test that runs each as every role.
CASE_URLS = {
    "cases:detail": matrix.test_reading_a_case,
    "cases:pdf": matrix.test_reading_a_case,
    "cases:my_report": matrix.test_reading_a_case,
    "cases:receipt": matrix.test_reading_a_case,
    "cases:attachment": matrix.test_reading_a_case,
    "cases:add_information": matrix.test_adding_information_to_a_report,
    **{f"cases:{step}": matrix.test_taking_a_step for step in matrix.STEPS},
    "cases:share_attachment": routine.test_sharing_an_attachment_of_a_health_data_case,
    "cases:hand_over_sideways": routine.test_handing_a_case_over_sideways,
    "cases:assess_as_specialist": routine.test_a_specialist_units_assessment_of_effect,
    "cases:enter_in_register": routine.test_entering_a_personal_injury_in_the_injury_register,
    "cases:register_consent": routine.test_consenting_to_the_injured_persons_name_in_the_register,
    "cases:record_notice": serious_injury.test_permission_matrix_of_the_notice_steps,
    "cases:record_nav_not_needed": serious_injury.test_permission_matrix_of_the_notice_steps,
    "cases:notice_confirmation": serious_injury.test_permission_matrix_of_the_notice_steps,
}
# Other URLs with an id or a code in them, and the test that refuses an outsider.
OTHER_URLS = {
    "cases:unit_qr": unit_qr.test_everyone_else_gets_not_found,
    "cases:new_poster": posters.test_only_the_units_leader_line_prints_posters,
    "cases:poster_print": posters.test_a_printed_poster_is_not_found_outside_the_units_leader_line,
    "cases:poster_report": posters.test_a_poster_token_is_refused_for_another_unit,
    "reports:committee": amu_reports.test_anyone_else_gets_404_for_the_list_and_the_file,
    "reports:download": amu_reports.test_anyone_else_gets_404_for_the_list_and_the_file,
    "reports:public_release_download": (
        public_release.test_a_leader_releases_only_cases_of_their_line
    ),
}
# Not objects of the application: Django's admin (staff only, by its own tests) and the
# password-reset link, whose token is the check.
NOT_HERE = {"password_reset_confirm"}
# Someone the matrix must show refused on any case: neither in its line nor asked.
OUTSIDERS = {"amu_member", "sibling_leader", "unasked_specialist"}


def _urls_with_an_object() -> set[str]:
    return {
        name
        for name, route in _walk(get_resolver().url_patterns)
        if "<" in route and not route.startswith("admin/") and name not in NOT_HERE
    }


def _roles_tried(test) -> set[str]:
    return {
        value
        for mark in getattr(test, "pytestmark", [])
        if mark.name == "parametrize" and mark.args[0] == "role"
        for value in mark.args[1]
    }


def test_every_url_with_an_object_in_it_is_tried_by_a_permission_test():
    entered = CASE_URLS.keys() | OTHER_URLS.keys()

    assert sorted(_urls_with_an_object() - entered) == [], "enter these URLs above"
    assert sorted(entered - _urls_with_an_object()) == [], "these URLs are gone"


def test_each_case_url_is_tried_as_every_role_including_outsiders():
    for name, test in CASE_URLS.items():
        roles = _roles_tried(test)
        assert {"reporter", "leader", "safety_rep", "hms_admin"} <= roles, name
        assert roles & OUTSIDERS, name


def test_the_step_urls_are_the_steps_of_the_matrix():
    """The steps served by cases/views/steps.py that the matrix's step test takes."""
    from cases.views.steps import STEPS

    taken_by_the_step_test = {
        name.removeprefix("cases:")
        for name, test in CASE_URLS.items()
        if test is matrix.test_taking_a_step
    }
    assert taken_by_the_step_test <= set(STEPS) | {"complete_action"}
