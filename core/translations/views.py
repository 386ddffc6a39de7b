"""The translation screen: rosetta's catalogue view (filters, search, pages, plural forms)
with our own saving, which refuses broken placeholders, saves under a lock in one step and
publishes the catalogues to every process (``translations.receivers``)."""

import logging
import re
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.decorators import user_passes_test
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from rosetta import views as rosetta_views
from rosetta.poutil import timestamp_with_timezone
from rosetta.signals import entry_changed, post_save

from core.translations.access import can_translate
from core.translations.catalogues import (
    BASE_BLOB_HEADER,
    BASE_NAME,
    _apply,
    entry_value,
    git_blob_id,
    locked,
    placeholder_problems,
    po_path,
    read,
    text_of,
    write_atomically,
)

logger = logging.getLogger(__name__)

SINGLE_FIELD = re.compile(r"^m_([0-9a-f]+)$")
PLURAL_FIELD = re.compile(r"^m_([0-9a-f]+)_(\d+)$")
FILTERS = ("all", "untranslated", "fuzzy", "translated")


def plural_form_uses():
    """Which numbers each Serbian plural form is for (the catalogue's Plural-Forms)."""
    return {
        0: _("for 1, 21, 31, 101 … (not 11)"),
        1: _("for 2–4, 22–24, 32–34 … (not 12–14)"),
        2: _("for 0, 5–20, 25–30 … and every other number"),
    }


def shorten(text, length=60):
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


@dataclass
class Change:
    """One entry as the translator submitted it."""

    entry: object
    md5hash: str
    msgstr: str
    plurals: dict
    fuzzy: bool
    problems: list = field(default_factory=list)  # (plural form or None, reason)

    @property
    def value(self):
        return (self.msgstr, tuple(sorted(self.plurals.items())), self.fuzzy)

    @property
    def changed(self):
        return self.value != entry_value(self.entry)


class TranslationFormView(rosetta_views.TranslationFormView):
    template_name = "translations/form.html"

    @cached_property
    def po_file_path(self):
        # One catalogue, wherever it lives (settings.TRANSLATIONS_DIR), rather than the
        # n-th of those rosetta finds.
        return str(po_path(settings.TRANSLATIONS_DIR))

    @cached_property
    def po_file(self):
        if not self.po_file_is_writable:
            raise Http404("the catalogue cannot be written")
        return super().po_file

    # --- showing -------------------------------------------------------------------------

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entries = [entry for entry in self.po_file if not entry.obsolete]
        fuzzy = sum(1 for entry in entries if "fuzzy" in entry.flags)
        untranslated = sum(1 for entry in entries if not entry.translated()) - fuzzy
        filter_labels = {
            "all": _("All"),
            "untranslated": _("Untranslated"),
            "fuzzy": _("Needs checking (fuzzy)"),
            "translated": _("Translated"),
        }
        context.update(
            admin.site.each_context(self.request),
            title=_("Translate the interface"),
            total=len(entries),
            untranslated=untranslated,
            fuzzy=fuzzy,
            translated=len(entries) - untranslated - fuzzy,
            filters=[
                (key, filter_labels[key], key == self.msg_filter and not self.query)
                for key in FILTERS
            ],
            download_url=reverse("translations-download"),
        )
        self.decorate(context["rosetta_messages"])
        return context

    def decorate(self, entries, problems=None):
        """Give each entry on the page its form fields and, after a refused save, the
        reasons it was refused."""
        uses = plural_form_uses()
        for entry in entries:
            reasons = (problems or {}).get(entry.md5hash, [])
            if entry.msgid_plural:
                entry.fields = [
                    {
                        "name": f"m_{entry.md5hash}_{index}",
                        "value": text,
                        "label": _("Form %(index)s, %(use)s")
                        % {"index": index, "use": uses.get(index, "")},
                        "errors": [reason for form, reason in reasons if form == index],
                    }
                    for index, text in sorted(entry.msgstr_plural.items())
                ]
            else:
                entry.fields = [
                    {
                        "name": f"m_{entry.md5hash}",
                        "value": entry.msgstr,
                        "label": None,
                        "errors": [reason for _form, reason in reasons],
                    }
                ]
            entry.is_fuzzy = "fuzzy" in entry.flags
            entry.has_errors = bool(reasons)

    # --- saving --------------------------------------------------------------------------

    def post(self, request, *args, **kwargs):
        # Read, check and write under the lock: two translators saving at once (in two
        # processes) each keep their changes.
        with locked(settings.TRANSLATIONS_DIR):
            changes, lost = self.submitted_changes()
            if lost:
                messages.error(
                    request,
                    ngettext(
                        "%(count)s translation was not saved: someone else changed it "
                        "after you opened this page. It now shows their text.",
                        "%(count)s translations were not saved: someone else changed them "
                        "after you opened this page. They now show their text.",
                        lost,
                    )
                    % {"count": lost},
                )
            refused = [change for change in changes if change.problems]
            if refused:
                return self.refuse(changes, refused)
            changed = [change for change in changes if change.changed]
            if changed:
                self.save(changed)
        if changed:
            messages.success(
                request,
                ngettext(
                    "%(count)s translation saved. The Serbian pages, in Latin and in "
                    "Cyrillic, show it now.",
                    "%(count)s translations saved. The Serbian pages, in Latin and in "
                    "Cyrillic, show them now.",
                    len(changed),
                )
                % {"count": len(changed)},
            )
        elif not lost:
            messages.info(request, _("Nothing was changed on this page."))
        return HttpResponseRedirect(request.get_full_path())

    def submitted_changes(self):
        """The entries of the submitted page, as the translator left them, checked; and how
        many could not be found (changed by someone else since the page was shown)."""
        fields = {}
        for name, value in self.request.POST.items():
            if match := SINGLE_FIELD.match(name):
                fields.setdefault(match[1], {})[None] = value
            elif match := PLURAL_FIELD.match(name):
                fields.setdefault(match[1], {})[int(match[2])] = value
        changes, lost = [], 0
        for md5hash, values in fields.items():
            entry = self.po_file.find(md5hash, "md5hash")
            if entry is None or entry.obsolete:
                lost += 1
                continue
            plurals = {int(index): text for index, text in entry.msgstr_plural.items()}
            msgstr = entry.msgstr
            for index, value in values.items():
                if index is None:
                    msgstr = self.fix_nls(entry.msgid, value)
                elif index in plurals:
                    plurals[index] = self.fix_nls(entry.msgid_plural, value)
            change = Change(
                entry=entry,
                md5hash=md5hash,
                msgstr=msgstr,
                plurals=plurals,
                fuzzy=bool(self.request.POST.get(f"f_{md5hash}")),
            )
            texts = sorted(plurals.items()) if entry.msgid_plural else [(None, msgstr)]
            if change.changed:
                change.problems = [
                    (form, reason)
                    for form, text in texts
                    for reason in placeholder_problems(entry, text)
                ]
            changes.append(change)
        return changes, lost

    def refuse(self, changes, refused):
        """Save nothing; show the page again with what the translator typed and, for each
        refused entry, its line in the catalogue and the reason."""
        for change in refused:
            for form, reason in change.problems:
                details = {
                    "line": change.entry.linenum,
                    "text": shorten(change.entry.msgid),
                    "reason": reason,
                }
                if form is None:
                    message = _("Not saved: line %(line)s, “%(text)s”: %(reason)s.") % details
                else:
                    message = _(
                        "Not saved: line %(line)s, “%(text)s”, plural form %(form)s: %(reason)s."
                    ) % {**details, "form": form}
                messages.error(self.request, message)
        messages.warning(
            self.request,
            _(
                "Nothing on this page was saved. Correct the translations marked below "
                "and save again."
            ),
        )
        context = self.get_context_data()
        for change in changes:
            _apply(change.entry, change.value)
        self.decorate(
            context["rosetta_messages"],
            problems={change.md5hash: change.problems for change in refused},
        )
        return self.render_to_response(context)

    def save(self, changed):
        catalogue = self.po_file
        for change in changed:
            entry = change.entry
            old_msgstr, old_fuzzy = entry.msgstr, "fuzzy" in entry.flags
            _apply(entry, change.value)
            if not change.fuzzy:
                # The old English text (`#| msgid`) only helps while the entry is fuzzy.
                entry.previous_msgctxt = entry.previous_msgid = None
                entry.previous_msgid_plural = None
            entry_changed.send(
                sender=entry,
                user=self.request.user,
                old_msgstr=old_msgstr,
                old_fuzzy=old_fuzzy,
                pofile=self.po_file_path,
                language_code=self.language_id,
            )
        user = self.request.user
        catalogue.metadata["Last-Translator"] = user.get_full_name() or user.get_username()
        catalogue.metadata["PO-Revision-Date"] = timestamp_with_timezone()
        write_atomically(self.po_file_path, text_of(catalogue))
        try:
            post_save.send(sender=None, language_code=self.language_id, request=self.request)
        except Exception:
            logger.exception("the saved catalogue could not be published")
            messages.error(
                self.request,
                _(
                    "The Latin catalogue was saved, but the Cyrillic one could not be "
                    "generated, so the pages do not show the change yet. Tell a developer."
                ),
            )


@never_cache
@user_passes_test(can_translate, login_url=settings.ROSETTA_LOGIN_URL)
def download(request):
    """The Serbian Latin catalogue as the site uses it, for `make pull-translations`.
    It names the image catalogue it was merged from, so that the pull can tell a
    translator's change from a developer's."""
    catalogue = read(po_path(settings.TRANSLATIONS_DIR))
    base = settings.TRANSLATIONS_DIR / BASE_NAME
    if base.exists():
        catalogue.metadata[BASE_BLOB_HEADER] = git_blob_id(base.read_bytes())
    response = HttpResponse(
        text_of(catalogue), content_type="text/x-gettext-translation; charset=utf-8"
    )
    name = f"astra-sr_Latn-{date.today().isoformat()}.po"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def no_suggestions(request):
    """Rosetta's machine translation suggestions are switched off (they would send the
    strings to another service); its views still name this address."""
    raise Http404
