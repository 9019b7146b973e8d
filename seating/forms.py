"""The console's forms for table groups: they only validate; seating.services does the rest."""

from django import forms
from django.utils.translation import gettext_lazy as _

from changemakers.security import parse_number
from exercises.kinds.placement.models import PlacementRound
from seating.models import Seating
from seating.services import CORNER_RULES

MAX_SIZE = 50
MAX_TABLES = 200


class NumberField(forms.CharField):
    """A whole number in ASCII digits within [low, high], or a clear message."""

    def __init__(self, *, low: int, high: int, **kwargs):
        self.low, self.high = low, high
        super().__init__(max_length=6, required=False, **kwargs)
        self.widget.attrs.update(inputmode="numeric", pattern="[0-9]*", size=4)

    def clean(self, value):
        value = (super().clean(value) or "").strip()
        if not value:
            return None
        number = parse_number(value, low=self.low, high=self.high)
        if number is None:
            raise forms.ValidationError(
                _("Skriv ett heltal från %(low)d till %(high)d.")
                % {"low": self.low, "high": self.high}
            )
        return number


class TablesForm(forms.Form):
    item = forms.ModelChoiceField(label=_("Programpunkt"), queryset=None, empty_label=None)
    rule = forms.ChoiceField(
        label=_("Regel"), choices=Seating.Rule.choices, widget=forms.RadioSelect
    )
    size = NumberField(label=_("Personer per bord"), low=2, high=MAX_SIZE)
    tables = NumberField(label=_("…eller antal bord"), low=1, high=MAX_TABLES)
    placement_round = forms.ModelChoiceField(
        label=_("Runda (för hörnen)"),
        queryset=None,
        required=False,
        empty_label=_("– välj –"),
    )

    def __init__(self, event, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = event.program.all()
        self.fields["placement_round"].queryset = PlacementRound.objects.filter(
            exercise__event=event
        ).select_related("exercise")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("size") and cleaned.get("tables"):
            self.add_error("tables", _("Ange antingen personer per bord eller antal bord."))
        if not cleaned.get("size") and not cleaned.get("tables") and not self.errors:
            self.add_error("size", _("Ange personer per bord eller antal bord."))
        if cleaned.get("rule") in CORNER_RULES and not cleaned.get("placement_round"):
            self.add_error("placement_round", _("Välj vilken runda av hörnen som gäller."))
        return cleaned


class MoveForm(forms.Form):
    participant = NumberField(label=_("Deltagare nr"), low=1, high=10**6)
    table = forms.ModelChoiceField(label=_("till bord"), queryset=None, empty_label=None)

    def __init__(self, seating, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.seating = seating
        self.fields["table"].queryset = seating.tables.all()

    def clean_participant(self):
        number = self.cleaned_data["participant"]
        if number is None:
            raise forms.ValidationError(_("Skriv deltagarens nummer."))
        participant = self.seating.event.participants.filter(number=number).first()
        if participant is None:
            raise forms.ValidationError(
                _("Det finns ingen deltagare nr %(number)d.") % {"number": number}
            )
        return participant
