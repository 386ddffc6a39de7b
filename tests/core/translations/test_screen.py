"""The translation screen: who gets in, what it shows, what a save does and refuses."""

import hashlib
import re
from urllib.parse import urlencode

import polib
import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from core.cache import GENERATION_KEY, generation
from core.translations.access import TRANSLATORS_GROUP
from core.translations.catalogues import (
    BASE_BLOB_HEADER,
    BASE_NAME,
    git_blob_id,
    mo_path,
    po_path,
    publish,
    read,
    text_of,
)
from tests.helpers import migrate, migrate_to_latest

pytestmark = pytest.mark.django_db

URL = "/admin/translations/"
SKIP_LINK = "Skip to main content"
PLURAL = "%(counter)s member organization is listed here."


def catalogue(directory, locale="sr_Latn"):
    return polib.pofile(str(po_path(directory, locale)))


def entry_hash(directory, msgid):
    """The name rosetta gives an entry's fields (m_<hash>, f_<hash>): a hash of its
    English text, translation and context as they are in the file."""
    entry = catalogue(directory).find(msgid)
    text = entry.msgid + entry.msgstr + (entry.msgctxt or "")
    return hashlib.md5(text.encode()).hexdigest()


def post_translation(client, msgid, text, *, fuzzy=False):
    md5hash = entry_hash(client.translations_dir, msgid)
    data = {f"m_{md5hash}": text}
    if fuzzy:
        data[f"f_{md5hash}"] = "1"
    return client.post(URL + "?" + urlencode({"query": msgid}), data, follow=True), md5hash


@pytest.fixture
def screen(translator_client, translations_dir):
    translator_client.translations_dir = translations_dir
    return translator_client


# --- who ----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_migration_creates_the_translators_group_with_no_model_permissions():
    before, after = ("core", "0003_repair_line_endings"), ("core", "0004_translators_group")
    migrate([before])
    Group.objects.filter(name=TRANSLATORS_GROUP).delete()
    migrate([after])
    group = Group.objects.get(name=TRANSLATORS_GROUP)
    assert group.permissions.count() == 0
    # Applying it again (a copy of the site starting on a database that has the group)
    # changes nothing.
    migrate([before])
    migrate([after])
    assert Group.objects.filter(name=TRANSLATORS_GROUP).count() == 1
    migrate_to_latest()


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", False),
        ("staff", False),
        ("translator", True),
        ("superuser", True),
        ("translator-not-staff", False),
    ],
)
def test_only_superusers_and_translators_open_the_screen(client, translations_dir, who, allowed):
    if who != "anonymous":
        user = User.objects.create_user(who, password="x", is_staff=who != "translator-not-staff")
        if who.startswith("translator"):
            user.groups.add(Group.objects.get_or_create(name=TRANSLATORS_GROUP)[0])
        if who == "superuser":
            user.is_superuser = True
            user.save()
        client.force_login(user)
    for url in (URL, reverse("translations-download")):
        response = client.get(url)
        if allowed:
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302, url
            assert response["Location"].startswith("/admin/login/?next=")
    # Nobody can post a translation without access either.
    if not allowed:
        assert client.post(URL, {"m_0": "x"}).status_code == 302


def test_the_admin_index_links_the_screen_for_translators_only(client, translator, db):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(translator)
    page = client.get("/admin/").content.decode()
    assert f'href="{URL}"' in page
    assert "Interface translation" in page
    editor = User.objects.create_user("editor", password="x", is_staff=True)
    client.force_login(editor)
    assert f'href="{URL}"' not in client.get("/admin/").content.decode()


def test_the_admin_index_names_the_screen_in_serbian(client, translator):
    client.force_login(translator)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "sr-latn"
    page = client.get("/admin/").content.decode()
    assert f'href="{URL}"' in page
    assert '<html lang="sr-latn"' in page
    with translation.override("sr-latn"):
        assert translation.gettext("Interface translation") in page


# --- what it shows ------------------------------------------------------------------------


def test_the_screen_shows_our_serbian_latin_catalogue_only(screen, translations_dir):
    response = screen.get(URL)
    content = response.content.decode()
    assert "Serbian (Latin)" in content
    total = len([e for e in catalogue(translations_dir) if not e.obsolete])
    assert f"{total} strings" in content
    # The Cyrillic catalogue is generated, Django's own is not ours: neither is offered.
    searched = screen.get(URL, {"query": "главни"}).content.decode()
    assert "No string matches." in searched
    django_only = screen.get(URL, {"query": "This field is required."}).content.decode()
    assert "No string matches." in django_only


def test_search_finds_the_english_text_and_the_translation(screen):
    by_english = screen.get(URL, {"query": SKIP_LINK}).content.decode()
    assert "Preskoči na glavni sadržaj" in by_english
    by_serbian = screen.get(URL, {"query": "glavni sadržaj"}).content.decode()
    assert SKIP_LINK in by_serbian
    assert "1 string" in by_serbian


def test_filters_show_untranslated_and_fuzzy_entries(screen, translations_dir):
    latin = catalogue(translations_dir)
    for entry in latin:  # whatever the repository's catalogue has still to do
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.msgstr = entry.msgstr or entry.msgid
        entry.msgstr_plural = {i: text or entry.msgid for i, text in entry.msgstr_plural.items()}
    latin.find(SKIP_LINK).msgstr = ""
    latin.find("Member organizations").flags.append("fuzzy")
    latin.save()
    untranslated = screen.get(URL, {"msg_filter": "untranslated"}).content.decode()
    assert "1 string" in untranslated
    assert SKIP_LINK in untranslated
    fuzzy = screen.get(URL, {"msg_filter": "fuzzy"}).content.decode()
    assert "1 string" in fuzzy
    assert "Member organizations" in fuzzy
    assert re.search(r'<input type="checkbox"[^>]* checked', fuzzy)
    summary = screen.get(URL).content.decode()
    assert "1 untranslated, 1 to check" in summary


def test_a_plural_entry_has_a_labelled_box_for_each_serbian_form(screen):
    content = screen.get(URL, {"query": "is listed here"}).content.decode()
    forms = re.findall(r'<label for="(m_[0-9a-f]+_(\d))">([^<]*)</label>', content)
    assert [(index, label.split(",")[0]) for _name, index, label in forms] == [
        ("0", "Form 0"),
        ("1", "Form 1"),
        ("2", "Form 2"),
    ]
    assert "for 1, 21, 31, 101 … (not 11)" in content
    assert "Ovde su navedene %(counter)s organizacije članice." in content


# --- saving -------------------------------------------------------------------------------


def test_a_save_reaches_the_latin_and_the_cyrillic_pages(screen, client, translations_dir):
    response, _hash = post_translation(screen, SKIP_LINK, "Pređite na glavni sadržaj")
    assert response.status_code == 200
    assert "1 translation saved." in response.content.decode()
    assert catalogue(translations_dir).find(SKIP_LINK).msgstr == "Pređite na glavni sadržaj"
    assert catalogue(translations_dir, "sr").find(SKIP_LINK).msgstr == "Пређите на главни садржај"
    for locale in ("sr_Latn", "sr"):
        assert mo_path(translations_dir, locale).exists()
    assert "Pređite na glavni sadržaj" in client.get("/sr-latn/").content.decode()
    assert "Пређите на главни садржај" in client.get("/sr/").content.decode()
    # The saved catalogue is what the generator and msgfmt accept.
    assert catalogue(translations_dir, "sr").metadata["Language"] == "sr"


def test_a_save_drops_every_cached_page(screen, settings):
    settings.PAGE_CACHE_SECONDS = 600
    before = generation()
    post_translation(screen, SKIP_LINK, "Pređite na glavni sadržaj")
    assert cache.get(GENERATION_KEY) > before


def test_ticking_needs_checking_keeps_the_english_text_on_the_site(screen, client):
    post_translation(screen, SKIP_LINK, "Pređite na sadržaj", fuzzy=True)
    page = client.get("/sr-latn/").content.decode()
    assert "Pređite na sadržaj" not in page


def test_a_broken_placeholder_is_refused_with_the_line_and_the_reason(screen, translations_dir):
    path = po_path(translations_dir)
    before = path.read_bytes()
    compiled = mo_path(translations_dir).read_bytes()
    msgid = "scheduled for %(date)s"
    entry = catalogue(translations_dir).find(msgid)
    assert entry is not None, "pick an entry with a placeholder"
    response, md5hash = post_translation(screen, msgid, "Objavljeno dana %(datum)s")
    content = response.content.decode()
    assert path.read_bytes() == before
    assert mo_path(translations_dir).read_bytes() == compiled
    assert f"Not saved: line {entry.linenum}, “{msgid}”" in content
    assert "the placeholder %(date)s of the English text is missing" in content
    assert "%(datum)s is not a placeholder of the English text" in content
    assert "Nothing on this page was saved." in content
    # What the translator typed is still there to correct, marked as wrong.
    assert re.search(
        rf'name="m_{md5hash}"[^>]*aria-invalid="true"[^>]*>Objavljeno dana %\(datum\)s<', content
    )


def test_a_lone_percent_sign_is_refused(screen, translations_dir):
    before = po_path(translations_dir).read_bytes()
    response, _hash = post_translation(screen, "scheduled for %(date)s", "Objavljeno 100% %(date)s")
    assert "a single % sign would break the page: write %% instead" in response.content.decode()
    assert po_path(translations_dir).read_bytes() == before


def test_a_plural_form_without_its_placeholder_is_refused(screen, translations_dir):
    before = po_path(translations_dir).read_bytes()
    md5hash = entry_hash(translations_dir, PLURAL)
    data = {
        f"m_{md5hash}_0": "Ovde je navedena %(counter)s organizacija članica.",
        f"m_{md5hash}_1": "Ovde su navedene %(counter)s organizacije članice.",
        f"m_{md5hash}_2": "Ovde je navedeno mnogo organizacija članica.",
    }
    response = screen.post(f"{URL}?query=is+listed+here", data)
    assert response.status_code == 200
    assert "plural form 2: the placeholder %(counter)s" in response.content.decode()
    assert po_path(translations_dir).read_bytes() == before


def test_a_plural_entry_is_saved_form_by_form(screen, translations_dir, client):
    md5hash = entry_hash(translations_dir, PLURAL)
    data = {
        f"m_{md5hash}_0": "Navedena je %(counter)s organizacija članica.",
        f"m_{md5hash}_1": "Navedene su %(counter)s organizacije članice.",
        f"m_{md5hash}_2": "Navedeno je %(counter)s organizacija članica.",
    }
    screen.post(f"{URL}?query=is+listed+here", data)
    entry = catalogue(translations_dir).find(PLURAL)
    assert entry.msgstr_plural[2] == "Navedeno je %(counter)s organizacija članica."
    cyrillic = catalogue(translations_dir, "sr").find(PLURAL)
    assert cyrillic.msgstr_plural[1] == "Наведене су %(counter)s организације чланице."


def test_a_save_over_someone_elses_change_is_not_made(screen, translations_dir):
    name = f"m_{entry_hash(translations_dir, SKIP_LINK)}"
    # Someone else saves the same entry meanwhile.
    latin = catalogue(translations_dir)
    latin.find(SKIP_LINK).msgstr = "Idite na glavni sadržaj"
    latin.save()
    response = screen.post(f"{URL}?query={SKIP_LINK}", {name: "Moja verzija"}, follow=True)
    assert "1 translation was not saved: someone else changed it" in response.content.decode()
    assert catalogue(translations_dir).find(SKIP_LINK).msgstr == "Idite na glavni sadržaj"


def test_a_catalogue_changed_by_another_process_is_used_from_the_next_request(
    client, translations_dir
):
    assert "Preskoči na glavni sadržaj" in client.get("/sr-latn/").content.decode()
    # Another copy of the site saves: the files change, nothing tells this process.
    latin = read(po_path(translations_dir))
    latin.find(SKIP_LINK).msgstr = "Na glavni sadržaj"
    po_path(translations_dir).write_text(text_of(latin), encoding="utf-8")
    publish(translations_dir)
    assert "Na glavni sadržaj" in client.get("/sr-latn/").content.decode()
    assert "На главни садржај" in client.get("/sr/").content.decode()


# --- download -----------------------------------------------------------------------------


def test_the_download_is_the_live_catalogue_with_its_image_catalogue_named(
    screen, translations_dir
):
    (translations_dir / BASE_NAME).write_bytes(po_path(translations_dir).read_bytes())
    post_translation(screen, SKIP_LINK, "Pređite na glavni sadržaj")
    response = screen.get(reverse("translations-download"))
    assert response["Content-Disposition"].startswith('attachment; filename="astra-sr_Latn-')
    downloaded = polib.pofile(response.content.decode())
    assert downloaded.find(SKIP_LINK).msgstr == "Pređite na glavni sadržaj"
    assert downloaded.metadata[BASE_BLOB_HEADER] == git_blob_id(
        (translations_dir / BASE_NAME).read_bytes()
    )
