from django import forms
from django.utils.translation import pgettext_lazy

MAX_QUERY_LENGTH = 100


class SearchField(forms.CharField):
    """Whatever was typed (or forged) is only ever text to fold into search words: NUL
    bytes are dropped and an over-long query is cut, rather than refused."""

    def to_python(self, value):
        return super().to_python((value or "").replace("\x00", ""))[:MAX_QUERY_LENGTH]


class DirectoryQueryForm(forms.Form):
    """The directory's query string. A value that does not fit is not an error for the
    visitor: it is left out, and the default (everything, by name) applies."""

    SORTS = {
        "name": pgettext_lazy("sort by", "name"),
        "city": pgettext_lazy("sort by", "city"),
    }

    q = SearchField(required=False)
    sort = forms.ChoiceField(required=False, choices=SORTS.items())

    def __init__(self, data, **kwargs):
        super().__init__(data, **kwargs)
        self.is_valid()

    @property
    def query(self):
        return self.cleaned_data.get("q", "")

    @property
    def sort_order(self):
        return self.cleaned_data.get("sort") or "name"
