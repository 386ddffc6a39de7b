"""Every page in every language: the language switcher, hreflang and canonical links."""

import functools
import operator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import pgettext_lazy
from modeltranslation.utils import build_localized_fieldname

from serbian.languages import CYRILLIC, LATIN

# Each language's name in its own language and script, for the switcher. Django names
# Serbian Cyrillic just "српски", which does not tell it from Serbian Latin.
NAMES_IN_OWN_SCRIPT = {CYRILLIC: "српски (ћирилица)"}

# The language of one of a field's texts, in the reader's language: "summary (Serbian,
# Latin)" in the admin's labels, errors and history, where modeltranslation would say
# "summary [sr-latn]".
FIELD_LANGUAGES = {
    LATIN: pgettext_lazy("the language of one of a field's texts", "Serbian, Latin"),
    CYRILLIC: pgettext_lazy("the language of one of a field's texts", "Serbian, Cyrillic"),
    "en": pgettext_lazy("the language of one of a field's texts", "English"),
}

# Not used here: these keep Django's "alt. month" entries (the date format character "E")
# in our catalogue, which translates them with the genitive ("novembra") for the Serbian
# DATE_FORMAT "j. E Y." (core/formats). `makemessages --no-obsolete` drops entries
# no code of ours refers to.
GENITIVE_MONTHS = (
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)


def language_name(code):
    return NAMES_IN_OWN_SCRIPT.get(code) or translation.get_language_info(code)["name_local"]


def localized_verbose_name(verbose_name, code):
    """The name of one language's column of a translated field, "summary (Serbian, Latin)"
    (settings.MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME; modeltranslation calls this
    lazily, so it is in the language of whoever reads it)."""
    return f"{verbose_name} ({FIELD_LANGUAGES.get(code.replace('_', '-'), code)})"


def admin_languages():
    """The languages as the admin's tabs and language menus name them: each in its own
    language and script ("Srpski (latinica)", "Српски (ћирилица)", "English"), with its
    BCP 47 tag (for ``lang``) and the words that end its fields' labels."""
    return [
        {
            "code": code,
            "field_code": build_localized_fieldname("", code).lstrip("_"),
            "name": capfirst(language_name(code)),
            "tag": language_tag(code),
            "qualifier": str(FIELD_LANGUAGES.get(code, code)),
        }
        for code, _name in settings.LANGUAGES
    ]


def choice_label(choices, value):
    """The translated label of one of ``choices`` (a TextChoices class), or the raw value.

    Django's ``get_FOO_display()`` builds a dict of every choice's lazy label (a gettext
    each) on every call: a network page of 300 members paid that 300 times. The enum
    goes straight to the one label.
    """
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def language_tag(code):
    """The BCP 47 tag (``sr-Latn``) for one of Django's language codes (``sr-latn``)."""
    return settings.LANGUAGE_TAGS.get(code, code)


# og:locale for each language (link previews). The Open Graph protocol asks for
# "language_TERRITORY", and Facebook, which reads it, knows only the locales of its own
# list: our English is British (as the texts are: "centre", "programme"), and Serbian is
# sr_RS in either script, as that list and the format have no way to name a script (the
# hreflang links do that). Adding a language adds its locale here.
OPEN_GRAPH_LOCALES = {
    "en": "en_GB",
    "sr-latn": "sr_RS",
    "sr": "sr_RS",
}


def open_graph_locales(code):
    """og:locale for ``code``, then the og:locale:alternate values of the other languages:
    each once, and none equal to og:locale (the two Serbian scripts share sr_RS)."""
    locale = OPEN_GRAPH_LOCALES[code]
    others = (OPEN_GRAPH_LOCALES[other] for other, _name in settings.LANGUAGES)
    return locale, [other for other in dict.fromkeys(others) if other != locale]


# The switcher's short labels, each in its own language and script, so that the three
# fit in one row on a phone: "Latinica · Ћирилица · English". The script alone is what
# tells the two Serbian entries apart; the language's name goes before it for screen
# readers (hidden), so the link's name still contains its visible label.
SHORT_NAMES = {LATIN: ("Srpski", "Latinica"), CYRILLIC: ("Српски", "Ћирилица")}


@dataclass(frozen=True)
class Alternate:
    code: str
    tag: str
    name: str
    url: str
    absolute_url: str
    is_current: bool
    is_default: bool

    @property
    def short_name(self):
        return SHORT_NAMES[self.code][1] if self.code in SHORT_NAMES else self.name

    @property
    def hidden_prefix(self):
        return SHORT_NAMES[self.code][0] if self.code in SHORT_NAMES else ""


def alternates(request, url_in, absolute=True):
    """One Alternate per language; ``url_in(code)`` gives the page's path in that language.

    ``absolute=False`` leaves ``absolute_url`` empty, for pages that must not read the
    request's Host (the error pages: it may be the error).
    """
    current = translation.get_language()
    result = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            url = url_in(code)
        result.append(
            Alternate(
                code=code,
                tag=language_tag(code),
                name=language_name(code),
                url=url,
                absolute_url=request.build_absolute_uri(url) if absolute else "",
                is_current=code == current,
                is_default=code == settings.LANGUAGE_CODE,
            )
        )
    return result


def home_alternates(request, absolute=True):
    return alternates(request, lambda code: reverse("networks:home"), absolute=absolute)


class LanguageAlternatesMixin:
    """Puts ``alternates`` (this page in every language) into the template context."""

    def get_url_in(self, code):
        obj = getattr(self, "object", None)
        if obj is not None:
            return obj.get_absolute_url()
        # Reverse the route this request matched: translate_url() would have to resolve
        # the path under the other language's prefix, and fails.
        match = self.request.resolver_match
        return reverse(match.view_name, args=match.args, kwargs=match.kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["alternates"] = alternates(self.request, self.get_url_in)
        return context


class TranslatedSlugMixin:
    """Finds objects by the slug of the active language.

    A slug from another language (a visitor who edited the prefix by hand, or an old
    link) redirects permanently to the object's address in the active language.
    """

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            obj = self.find_by_any_slug(kwargs["slug"])
            if obj is None:
                raise
            return redirect(obj, permanent=True)

    def find_by_any_slug(self, slug):
        """The object with ``slug`` in any language, in one query (no prefetching: a
        redirect needs its address only); the first language that has it wins."""
        fields = [
            build_localized_fieldname(self.slug_field, code) for code, _name in settings.LANGUAGES
        ]
        matches = list(
            self.get_queryset()
            .prefetch_related(None)
            .filter(functools.reduce(operator.or_, (Q(**{field: slug}) for field in fields)))
        )
        return next(
            (obj for field in fields for obj in matches if getattr(obj, field) == slug), None
        )
