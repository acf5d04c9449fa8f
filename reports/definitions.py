"""What every figure means, in plain words, for the page, the PDF and the CSV file."""

from django.utils.translation import gettext_lazy as _

DEFINITIONS = [
    (
        _("Deviations reported"),
        _(
            "How many deviations were reported in the period in the units covered, counted "
            "by the day they were reported (Norwegian time, from midnight to midnight). "
            "Every figure counts a deviation under the unit where it happened, whichever "
            "leader handled it: that is what prevention needs."
        ),
    ),
    (
        _("Serious deviations"),
        _("Deviations the reporter marked as high or critical severity."),
    ),
    (
        _("Closed"),
        _(
            "Of the deviations reported in the period, those whose case has been closed, "
            "whether resolved, found not to be a deviation or a duplicate."
        ),
    ),
    (
        _("Overdue"),
        _(
            "Of the deviations reported in the period, those whose case was still open after "
            "its closure deadline when these figures were made."
        ),
    ),
    (
        _("Escalated"),
        _(
            "Of the deviations reported in the period, those whose case was moved up the "
            "service line at least once because a deadline passed."
        ),
    ),
    (
        _("Time to receipt"),
        _(
            "From when the deviation was reported until a leader first acknowledged "
            "receiving it. Cases not yet acknowledged are left out."
        ),
    ),
    (
        _("Time to closure"),
        _(
            "From when the deviation was reported until its case was closed. Only closed "
            "cases count, so for a recent period this shows the quickest cases."
        ),
    ),
    (
        _("Median"),
        _("Half of the cases took less time than this, and half took more."),
    ),
    (
        _("90th percentile"),
        _("Nine in ten cases took less time than this; the slowest tenth took longer."),
    ),
    (
        _("Previous period"),
        _(
            "The period of equal length just before: the previous quarter, tertial or year, "
            "or as many days before for other periods. The change is this period minus "
            "the previous one."
        ),
    ),
    (
        _("By unit"),
        _(
            "Each unit directly under the chosen one, with everything under it added "
            "together. A deviation counts under the unit where it happened, not the unit "
            "of the leader who handled it."
        ),
    ),
    (
        _("Routines reviewed"),
        _(
            "Of the deviations reported in the period whose case was closed as resolved, "
            "those where the leader recorded a review of the work routines, whether the "
            "routine was changed or found good enough."
        ),
    ),
    (
        _("Routines changed"),
        _(
            "Of those reviews, the ones where a routine or procedure was changed. Not "
            "reviewed: closed with the reason why the routines were not reviewed."
        ),
    ),
    (
        _("Status"),
        _("Where each case of the period stands now."),
    ),
]
