"""The tips answer form: it only validates."""

from django import forms
from django.utils.translation import gettext_lazy as _

from changemakers.security import ModelIdsField
from exercises.forms import AnswerForm
from exercises.kinds.tips.models import Tip, TipList
from exercises.tables import in_words


class TipsForm(AnswerForm):
    """Look at a list, tick tips in it, hand it in. Which list is on the page is page state
    (`?lista=<key>`), never a change to what was handed in. `ticking` names the list whose boxes
    were on the page: its ticks become exactly the ticked boxes (an unticked box is not in the
    POST). Handing in makes that list the participant's one answer; ticks left in other lists
    stay stored but do not count."""

    template_name = "kinds/tips/phone.html"
    prefixes = ("ticking",)

    def build_fields(self):
        lists = self.exercise.tip_lists.all()
        self.lists = list(lists.prefetch_related("tips"))
        self.fields["ticking"] = forms.ModelChoiceField(
            queryset=lists,
            to_field_name="key",
            required=False,
            widget=forms.HiddenInput,
            error_messages={
                "invalid_choice": _("Välj en av de %(count)s listorna.")
                % {"count": in_words(len(self.lists))}
            },
        )
        self.fields["tips"] = ModelIdsField(
            label=_("Tips du väljer"),
            queryset=Tip.objects.filter(tip_list__exercise=self.exercise),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "invalid_choice": _("Det tipset finns inte i listan."),
                "invalid_pk_value": _("Det tipset finns inte i listan."),
            },
        )

    def list_by_key(self, key: str | None) -> TipList | None:
        return next((tip_list for tip_list in self.lists if tip_list.key == key), None)

    def clean(self):
        super().clean()
        ticking, tips = self.cleaned_data.get("ticking"), self.cleaned_data.get("tips")
        if tips and (ticking is None or any(tip.tip_list_id != ticking.pk for tip in tips)):
            self.add_error("tips", _("Det tipset finns inte i listan."))
        if self.action == "hand_in" and ticking is None and "ticking" not in self.errors:
            self.add_error("ticking", _("Välj en lista innan du lämnar in."))
        return self.cleaned_data
