"""The "Meld avvik" form: short on a phone, rarely needed fields folded away."""

from __future__ import annotations

import functools
import uuid
from datetime import timedelta

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Layout
from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from avvik import text_limits
from avvik.attachments import MAX_PER_REPORT
from avvik.form_fields import (
    ActiveCategoryField,
    Details,
    KeptChoiceField,
    photos_or_pdf,
)
from avvik.models import (
    Deviation,
    Harm,
    InjuryDetails,
    InjuryType,
    Severity,
    active_categories,
)
from avvik.severity_names import severity_choices
from orgchart.access import workplace_list
from orgchart.models import OrgUnit

INJURY_FIELDS = [
    "injured_self",
    "injured_person",
    "injury_type",
    "injury_kind",
    "treatment",
    "absence",
    "harm",
    "work_illness",
    "name_in_register",
]

# Arbeidstilsynet's own examples of "alvorlig skade" (arbeidsmiljøloven § 5-2).
SERIOUS_HARM_HELP = _(
    "Arbeidstilsynet counts as serious, for example: fractures of larger bones, "
    "amputations, head injuries or loss of consciousness, serious burns, scalds or "
    "chemical burns, poisoning, injuries to the eyes, injuries with great loss of blood, "
    "and every injury that needs admission to hospital. If so, your leader must notify "
    "Arbeidstilsynet and the police at once."
)


def _health_category_ids() -> str:
    return " ".join(
        str(category.pk) for category in active_categories() if category.involves_health_data
    )


class DeviationForm(forms.ModelForm):
    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    unit_search = forms.CharField(label=_("Find another unit"), required=False, max_length=100)
    occurred_at = forms.DateTimeField(
        label=_("When did it happen?"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
    )
    attachments = photos_or_pdf(help_text=_("Up to 5 files of at most 10 MB each."))
    reported_from = KeptChoiceField(
        label=_("Which of your workplaces do you report from?"),
        queryset=OrgUnit.objects.none(),
        required=False,
        help_text=_("Your leader there handles the report."),
    )
    injured_self = forms.BooleanField(label=_("I was the one who was hurt"), required=False)
    injured_person = forms.CharField(label=_("Who was hurt?"), required=False, max_length=200)
    injury_kind = forms.CharField(label=_("What kind of injury?"), required=False, max_length=300)
    treatment = forms.ChoiceField(
        label=_("Treatment"),
        choices=InjuryDetails.Treatment.choices,
        required=False,
        initial=InjuryDetails.Treatment.NONE,
    )
    absence = forms.BooleanField(label=_("Led to sick leave or absence"), required=False)
    injury_type = forms.ChoiceField(
        label=_("Type of injury"),
        choices=[("", _("Choose …")), *InjuryType.choices],
        required=False,
    )
    harm = forms.ChoiceField(
        label=_("Was a person seriously injured, or did someone die?"),
        choices=Harm.choices,
        required=False,
        initial=Harm.NOT_SERIOUS,
        widget=forms.RadioSelect,
        help_text=SERIOUS_HARM_HELP,
    )
    work_illness = forms.BooleanField(
        label=_("This is an illness I believe comes from the work"), required=False
    )
    name_in_register = forms.BooleanField(
        label=_("The injured person agrees to be named in the injury register"),
        required=False,
        help_text=_(
            "Safety representatives, the occupational health service and the AMU see the "
            "register; without this they do not see the name. It can be changed later."
        ),
    )
    anonymous = forms.BooleanField(
        label=_("Report anonymously"),
        required=False,
        help_text=_(
            "Nothing about who you are is kept with the report; your leader sees "
            "“anonymous reporter”. The receipt gives you a code to follow the report and "
            "answer your leader. An injured person is not anonymous: an anonymous report of "
            "a personal injury cannot carry injury details."
        ),
    )

    class Meta:
        model = Deviation
        fields = [
            "category",
            "severity",
            "title",
            "description",
            "occurred_at",
            "unit",
            "location",
            "immediate_action",
            "suggested_measure",
        ]
        labels = {
            "category": _("What kind of deviation?"),
            "severity": _("How serious is it?"),
            "title": _("Short title"),
            "description": _("What happened?"),
            "unit": _("Unit where it happened"),
            "location": _("Where exactly? (room, floor, address)"),
            "immediate_action": _("What did you do at once? (immediate action)"),
            "suggested_measure": _("What could prevent it from happening again?"),
        }
        help_texts = {
            "description": _(
                "Read by your leader line, the safety representative and any specialist "
                "unit asked for help. Details of an injury belong in the injury section "
                "below, which only the leader line sees."
            ),
        }
        field_classes = {"category": ActiveCategoryField}
        widgets = {
            "severity": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
            "immediate_action": forms.Textarea(attrs={"rows": 2}),
            "suggested_measure": forms.Textarea(attrs={"rows": 2}),
        }

    TEXT_LIMITS = {
        "title": text_limits.TITLE,
        "description": text_limits.LONG_TEXT,
        "immediate_action": text_limits.SHORT_TEXT,
        "suggested_measure": text_limits.SHORT_TEXT,
    }

    def __init__(self, *args, user, unit_choices=(), pending=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self._pending = pending
        self.fields["category"].empty_label = _("Choose …")
        # Choosing a category that involves health data opens the injury section
        # (static/js/injury-section.js); without JavaScript it is open on a return.
        # Read only if the form is drawn: a report that is filed never is.
        self.fields["category"].widget.attrs["data-health-categories"] = lazy(
            _health_category_ids, str
        )()
        if len(workplace_list(user)) > 1:
            self.fields["reported_from"].listed = functools.partial(workplace_list, user)
            self.fields["reported_from"].empty_label = None
        else:
            del self.fields["reported_from"]
        explained = Severity.explanations()
        self.fields["severity"].choices = [
            (value, f"{label} – {explained[value]}") for value, label in severity_choices()
        ]
        self.fields["unit"].queryset = OrgUnit.objects.active().filter(is_specialist_unit=False)
        self.fields["unit"].empty_label = None
        self.fields["unit"].error_messages["invalid_choice"] = _(
            "This unit no longer exists. Choose another."
        )
        # The list offers the reporter's own units and any search results; any active
        # unit is accepted, so a long organisation never becomes a 10,000-line list.
        # ``unit_choices`` may be a function, called only if the form is drawn.
        self.fields["unit"].choices = functools.cache(
            lambda: [
                (u.pk, u.name) for u in (unit_choices() if callable(unit_choices) else unit_choices)
            ]
        )
        self.fields["unit"].widget.attrs.update(
            {
                "data-found-one": self._units_found_texts()[0],
                "data-found-text": self._units_found_texts()[1],
                "data-none-text": _("No unit matches “%(term)s”."),
            }
        )
        self.fields["unit_search"].widget.attrs.update(
            {"autocomplete": "off", "placeholder": _("Type part of the name")}
        )
        for name, limit in self.TEXT_LIMITS.items():
            text_limits.limit_length(self.fields[name], limit)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = self.layout()

    def what_happened(self) -> list:
        """The fields every report has, in order: what, how serious, when, any injury and
        the pictures (the QR poster's form has them too)."""
        return [
            "category",
            "severity",
            "title",
            "description",
            "occurred_at",
            self.injury_section(),
            "attachments",
            HTML('{% include "avvik/_pending_attachments.html" %}'),
        ]

    def layout(self) -> Layout:
        return Layout(
            "submission_token",
            *(["reported_from"] if "reported_from" in self.fields else []),
            *self.what_happened(),
            Details(
                _("Unit, place and more (optional)"),
                "unit",
                Div(
                    Field("unit_search", wrapper_class="flex-grow-1 mb-0"),
                    # Not crispy's Submit: it always adds btn-primary, whose dark fill
                    # leaves the outline button's grey text unreadable.
                    StrictButton(
                        _("Search"),
                        type="submit",
                        name="search_unit",
                        value="1",
                        css_class="btn-outline-secondary mt-md-4",
                        formnovalidate="formnovalidate",
                    ),
                    css_class="d-flex gap-2 align-items-end mb-3",
                ),
                "location",
                "immediate_action",
                "suggested_measure",
                open_when=lambda form: bool(form.data.get("search_unit")),
            ),
            "anonymous",
        )

    def injury_section(self) -> Details:
        return Details(
            _("Injury details (only for personal injury)"),
            HTML(
                format_html(
                    '<p class="form-text">{}</p>',
                    gettext("Not for an anonymous report: an injured person is not anonymous."),
                )
            ),
            *INJURY_FIELDS,
            open_when=lambda form: form._category_needs_injury(),
            element_id="injury-section",
        )

    @functools.cached_property
    def pending(self) -> list:
        """The files kept from an earlier try of this report, read when needed (the form
        is drawn again, or more files came)."""
        return list(self._pending)

    @staticmethod
    def _units_found_texts() -> tuple[str, ...]:
        """What the type-ahead says, for one unit and for more ("%(count)s" stays)."""
        return tuple(
            ngettext(
                "%(count)s unit found; choose in the list.",
                "%(count)s units found; choose in the list.",
                n,
            )
            for n in (1, 2)
        )

    def show_unit_search_result(self, term: str, count: int) -> None:
        """The unit search without JavaScript: say what it found, next to the field."""
        term = term.strip()
        if not term:
            self.add_error("unit_search", _("Type part of the unit's name, then search."))
        elif not count:
            self.add_error("unit_search", _("No unit matches “%(term)s”.") % {"term": term})
        else:
            found = ngettext(
                "%(count)s unit found; choose in the list.",
                "%(count)s units found; choose in the list.",
                count,
            ) % {"count": count}
            # The bound field keeps its own copy of the help text once it exists.
            self.fields["unit"].help_text = self["unit"].help_text = found

    def _get_validation_exclusions(self):
        # The form's own fields have already read the unit and the category from their
        # (stricter: active only) querysets; the model need not look them up again.
        return {*super()._get_validation_exclusions(), "unit", "category"}

    def _category_needs_injury(self) -> bool:
        category = self.cleaned_data.get("category") if hasattr(self, "cleaned_data") else None
        return bool(category and category.involves_health_data)

    def clean_occurred_at(self):
        occurred_at = self.cleaned_data["occurred_at"]
        # A few minutes of slack for a phone whose clock runs ahead.
        if occurred_at > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError(_("The time cannot be in the future."))
        if occurred_at < timezone.now() - timedelta(days=5 * 365):
            raise forms.ValidationError(_("The time is more than five years ago."))
        return occurred_at

    def clean(self):
        cleaned = super().clean()
        category = cleaned.get("category")
        if cleaned.get("anonymous"):
            for name in ("injured_person", "injury_kind"):
                if cleaned.get(name, "").strip():
                    self.add_error(
                        name,
                        _(
                            "An injured person is not anonymous. Leave the injury details "
                            "out of an anonymous report, or report with your name."
                        ),
                    )
        elif category and category.involves_health_data:
            needed = (
                ["injury_kind"]
                if cleaned.get("injured_self")
                else ["injured_person", "injury_kind"]
            )
            for name in needed:
                if not cleaned.get(name, "").strip():
                    self.add_error(name, _("Required for personal injury."))
            if not cleaned.get("injury_type"):
                cleaned["injury_type"] = InjuryType.OTHER
            if not cleaned.get("harm"):
                cleaned["harm"] = Harm.NOT_SERIOUS
        files = cleaned.get("attachments") or []
        if files and len(files) + len(self.pending) > MAX_PER_REPORT:
            self.add_error(
                "attachments",
                _("At most %(max)d files per report.") % {"max": MAX_PER_REPORT},
            )
        return cleaned

    def deviation_fields(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        fields["reported_from"] = self.cleaned_data.get("reported_from")
        return fields

    def injury_fields(self) -> dict | None:
        category = self.cleaned_data["category"]
        if not category.involves_health_data or self.cleaned_data.get("anonymous"):
            return None
        injury = {name: self.cleaned_data[name] for name in INJURY_FIELDS}
        injured_self = injury.pop("injured_self")
        injury["injured_employee"] = self.user if injured_self else None
        if injured_self and not injury["injured_person"].strip():
            injury["injured_person"] = self.user.display_name
        return injury


def new_submission_token() -> uuid.UUID:
    return uuid.uuid4()


class AddInformationForm(forms.Form):
    text = forms.CharField(
        label=_("Add information"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=text_limits.LONG_TEXT,
    )
    attachments = photos_or_pdf()

    def __init__(self, *args, already_attached: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.already_attached = already_attached

    def clean(self):
        cleaned = super().clean()
        files = cleaned.get("attachments") or []
        if not cleaned.get("text", "").strip() and not files and "text" not in self.errors:
            raise forms.ValidationError(_("Write something or attach a file."))
        if len(files) + self.already_attached > MAX_PER_REPORT:
            self.add_error(
                "attachments",
                _("At most %(max)d files per report.") % {"max": MAX_PER_REPORT},
            )
        return cleaned
