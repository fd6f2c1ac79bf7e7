from django import forms
from django.utils.translation import gettext_lazy as _

from annotations.forms import HighlightForm
from annotations.models import Language

from . import search
from .models import Counterargument, SearchKind, SearchOrdering, Stance


class CounterargumentForm(forms.Form):
    # No stance is chosen for the writer: a preselected "refutes" was posted by everyone who
    # did not look, and skewed the debate's colours.
    stance = forms.ChoiceField(label=_("Stance"), choices=Stance.choices, widget=forms.RadioSelect)
    body = forms.CharField(
        label=_("Your argument"),
        strip=False,
        max_length=Counterargument.MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Markdown: *emphasis*, **strong**, [links](https://…), > quotes, lists."),
    )
    sources = forms.CharField(
        label=_("Sources"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Up to five web addresses, one per line."),
    )

    def clean_sources(self):
        return self.cleaned_data["sources"].split()


class PassageCounterForm(HighlightForm, CounterargumentForm):
    """The selection and its first answer, posted together."""


class VoteForm(forms.Form):
    value = forms.TypedChoiceField(choices=[(1, "+1"), (-1, "-1")], coerce=int)


class PreviewForm(forms.Form):
    body = forms.CharField(required=False, strip=False, max_length=Counterargument.MAX_BODY)


class SearchForm(forms.Form):
    """The search page's and the header box's query (a GET form)."""

    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Find"),
        required=False,
        choices=[("", _("Everything"))] + list(SearchKind.choices),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("All languages"))] + list(Language.choices),
    )
    author = forms.CharField(label=_("By (username)"), required=False, max_length=150)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ordering = forms.ChoiceField(label=_("Order"), required=False, choices=SearchOrdering.choices)

    def clean_q(self):
        return search.clean_query(self.cleaned_data["q"])
