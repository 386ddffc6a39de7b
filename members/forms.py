from django import forms
from django.utils.translation import pgettext_lazy
from django_countries import countries

from members.models import Membership

MAX_QUERY_LENGTH = 100


class LenientTextField(forms.CharField):
    """Whatever was typed (or forged) is only ever text to look up: NUL bytes are dropped
    and an over-long value is cut, rather than refused."""

    def to_python(self, value):
        return super().to_python((value or "").replace("\x00", ""))[:MAX_QUERY_LENGTH]


class CountryCodeField(forms.ChoiceField):
    """An ISO 3166 code, in either case ("rs" is RS)."""

    def to_python(self, value):
        return super().to_python(value).strip().upper()


class DirectoryQueryForm(forms.Form):
    """The directory's query string. A value that does not fit is not an error for the
    visitor: it is left out (``rejected`` keeps it, so the page can say so), and the
    default (everything, by name) applies. Networks and towns are checked against the
    database by ``members.directory.Directory``, with the filters' counts."""

    SORTS = {
        "name": pgettext_lazy("sort by", "name"),
        "city": pgettext_lazy("sort by", "city"),
    }

    q = LenientTextField(required=False)
    sort = forms.ChoiceField(required=False, choices=SORTS.items())
    network = LenientTextField(required=False)
    role = forms.ChoiceField(required=False, choices=Membership.Role.choices)
    town = LenientTextField(required=False)
    country = CountryCodeField(required=False, choices=list(countries))
    # Past the last page is the directory's business (a 404); a value that is no page
    # number at all is left out like the other invalid values.
    page = forms.IntegerField(required=False, min_value=1)

    def __init__(self, data, **kwargs):
        super().__init__(data, **kwargs)
        self.is_valid()

    @property
    def rejected(self):
        """The invalid filters, as they were given (cut and cleaned of NUL bytes)."""
        return {
            name: (self.data.get(name) or "").replace("\x00", "")[:MAX_QUERY_LENGTH]
            for name in ("role", "country", "page")
            if name in self.errors
        }

    @property
    def query(self):
        return self.cleaned_data.get("q", "")

    @property
    def page_number(self):
        return self.cleaned_data.get("page") or 1

    @property
    def sort_order(self):
        return self.cleaned_data.get("sort") or "name"
