import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname, resolution_order

from core.sanitize import sanitise_instance
from serbian.models import SerbianScriptsModel


class ContentModel(SerbianScriptsModel):
    """What editors write: on every save its texts are sanitised, then the other Serbian
    script is filled from them, then the fields derived from both (SerbianScriptsModel's
    save pipeline)."""

    class Meta:
        abstract = True

    def clean_texts(self):
        sanitise_instance(self)


def localized_columns(model, *fields):
    """The columns that reading ``fields`` costs in the active language: a translated
    field's column in that language and in each of its fallbacks (what modeltranslation's
    attributes and ``{% translated %}`` read, in that order), any other field as it is.
    Related fields are named Django's way (``"town__name"``).

    modeltranslation makes rows wide (``name_en``, ``name_sr_latn``, ``name_sr``, ...):
    a list that reads three fields of a thousand rows would otherwise fetch every text of
    every language. A field left out here and read later costs a query per row, which the
    query-count tests catch.
    """
    languages = resolution_order(translation.get_language())
    columns = []
    for path in fields:
        *relations, name = path.split("__")
        target = model
        for relation in relations:
            target = target._meta.get_field(relation).related_model
        try:
            translated = name in translator.get_options_for_model(target).all_fields
        except NotRegistered:
            translated = False
        prefix = "".join(f"{relation}__" for relation in relations)
        if translated:
            columns.extend(prefix + build_localized_fieldname(name, code) for code in languages)
        else:
            columns.append(prefix + name)
    return columns


class LocalizedColumnsQuerySet(models.QuerySet):
    def only_localized(self, *fields):
        """``only()`` the columns that ``fields`` read in the active language (see
        ``localized_columns``): built per request, as the language is."""
        return self.only(*localized_columns(self.model, *fields))


def published(prefix=""):
    """``Q``: published, and its publish date, if it has one, has come."""
    now = timezone.now()
    return Q(**{f"{prefix}is_published": True}) & (
        Q(**{f"{prefix}publish_at__isnull": True}) | Q(**{f"{prefix}publish_at__lte": now})
    )


class PublishableModel(ContentModel):
    """Content with a page of its own: hidden until an editor publishes it, and then
    until its publish date, if it has one."""

    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Visitors see it once this is ticked and its publish date has come."),
    )
    publish_at = models.DateTimeField(
        _("publish on"),
        null=True,
        blank=True,
        help_text=_("Empty: at once. A date in the future keeps it hidden until then."),
    )
    # Which entry of the content file (core/content) this is, whatever editors rename.
    content_key = models.CharField(
        _("content file key"), max_length=100, unique=True, null=True, blank=True, editable=False
    )

    class Meta:
        abstract = True

    @property
    def is_live(self):
        """What ``published()`` says, for this object as it is in memory."""
        now = timezone.now()
        return self.is_published and (self.publish_at is None or self.publish_at <= now)


def not_in_the_future(year, month=None, day=None):
    """A ValidationError message if the date (as precise as given) has not come yet."""
    today = timezone.localdate()
    if year and year > today.year:
        return _("This year has not come yet.")
    if year and month and (year, month) > (today.year, today.month):
        return _("This month has not come yet.")
    if year and month and day:
        try:
            if datetime.date(year, month, day) > today:
                return _("This day has not come yet.")
        except ValueError:
            return None
    return None


class LoadedSeed(models.Model):
    """An entry of the content file that was loaded once: loading never brings back what
    an editor has deleted since."""

    key = models.CharField(_("key"), max_length=250, unique=True)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("loaded content entry")
        verbose_name_plural = _("loaded content entries")

    def __str__(self):
        return self.key
