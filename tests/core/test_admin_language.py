"""The admin in Serbian, in both scripts: nothing left in English in the Latin admin,
nothing in Latin letters in the Cyrillic one, the models named as Serbian says them
(core/wording.py), fields named with their language, permissions, django-axes' section,
the history's field names, constraint and range errors in words."""

import json
import re
from html import unescape
from html.parser import HTMLParser

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse
from django.utils import translation
from reversion.models import Revision, Version

from core import wording
from core.admin import permission_label
from core.history import describe_comment
from members.models import MemberOrganization, Membership
from networks.models import Network
from serbian.models import ProtectedTerm
from serbian.transliteration import DEFAULT_PROTECTED_TERMS
from tests.core.test_history import edit, submitted
from tests.factories import NetworkFactory
from tests.helpers import network_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def serbian_admin(admin_client):
    def speaking(language):
        admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
        return admin_client

    return speaking


class VisibleText(HTMLParser):
    """The words a reader meets on a page: its text and the texts of its attributes that
    are read (title, aria-label, placeholder, alt, a button's value), without what an
    editor typed (field values, textareas) and without what says it is in another
    language (``lang``, the language names of the menus and tabs)."""

    READ = {"title", "aria-label", "placeholder", "alt"}
    # <bdi>: Django's wrapping of stored values (a password's hash, say).
    SKIPPED = {"script", "style", "textarea", "template", "bdi"}
    VOID = {"input", "meta", "link", "br", "img", "hr", "col", "source", "wbr"}

    def __init__(self, language_tag):
        super().__init__(convert_charrefs=True)
        self.language_tag = language_tag
        self.stack = []
        self.words = []

    def skipping(self):
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang")
        skip = tag in self.SKIPPED or (lang is not None and lang != self.language_tag)
        if not self.skipping() and not skip:
            self.words.extend(value for name, value in attrs.items() if name in self.READ and value)
            if tag == "input" and attrs.get("type") in {"submit", "button"}:
                self.words.append(attrs.get("value") or "")
        if tag not in self.VOID:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        while self.stack:
            opened, _skip = self.stack.pop()
            if opened == tag:
                break

    def handle_data(self, data):
        if not self.skipping():
            self.words.append(data)

    @classmethod
    def of(cls, html, language_tag):
        reader = cls(language_tag)
        reader.feed(html)
        return " ".join(" ".join(reader.words).split())


# The admin's own words in English, which the Serbian admin must not show.
ENGLISH = re.compile(
    r"\b(Add|Change|Delete|View|Select|Save|History|Summary|Description|Slug|Can|Access|"
    r"Attempt|Attempts|Failures?|Logs?|Locked|Username|Path|Logout|Axes|Reversion|"
    r"Revision|revision|access|attempt|network|organization|membership|Publish|Unpublish|"
    r"published|Time|Data|Expires|Search|True|False|None)\b|\[(sr|sr-latn|en)\]|"
    r"objekat klase|[Ss]lag\b"
)
# Latin letters a Cyrillic page may keep: the protected terms (which Cyrillic text keeps
# in Latin), Django's names of keys, and data: web addresses, the user's name and e-mail,
# what django-axes recorded of a sign-in, the group the translations app makes.
LATIN_ALLOWED = {word for term in DEFAULT_PROTECTED_TERMS for word in re.findall(r"\w+", term)}
LATIN_ALLOWED |= {"Control", "Command", "Mac"}
LATIN_ALLOWED |= {"admin", "example", "com", "someone", "Browser", "unknown", "Translators"}
LATIN_WORD = re.compile(r"[A-Za-zČĆŠŽĐčćšžđ][A-Za-zČĆŠŽĐčćšžđ0-9]*")
WEB_ADDRESS = re.compile(r"https?://\S+")


def latin_words(text):
    return set(LATIN_WORD.findall(WEB_ADDRESS.sub(" ", text))) - LATIN_ALLOWED


def record_failed_sign_in():
    """What django-axes stores after two wrong passwords for "someone"."""
    return AccessAttempt.objects.create(
        username="someone",
        ip_address="127.0.0.1",
        user_agent="Browser",
        path_info="/admin/",
        get_data="",
        post_data="",
        failures_since_start=2,
        http_accept="*/*",
    )


@pytest.fixture
def admin_pages(network, introduction, admin_user):
    """Every kind of admin page, with a history to show and a deletion to recover."""
    ProtectedTerm.objects.create(term="prEUgovor", note="")
    record_failed_sign_in()
    AccessLog.objects.create(
        username="admin",
        ip_address="127.0.0.1",
        user_agent="Browser",
        path_info="/admin/",
        http_accept="*/*",
    )
    organization = MemberOrganization.objects.get(is_astra=True)
    membership = Membership.objects.filter(network=network).first()
    group = Group.objects.create(name="Уредници")
    term = ProtectedTerm.objects.get()
    return network, organization, membership, group, term, introduction, admin_user


def page_urls(client, admin_pages):
    network, organization, membership, group, term, introduction, user = admin_pages
    edit(client, network, summary_sr_latn="Novi sažetak.", summary_en="A new summary.")
    older, newer = Version.objects.get_for_object(network).order_by("pk")[:2]
    deleted = NetworkFactory(name_sr_latn="Obrisana mreža", name_en="Deleted network")
    client.post(reverse("admin:networks_network_delete", args=[deleted.pk]), {"post": "yes"})

    def url(name, *args):
        return reverse(f"admin:{name}", args=args)

    compare = url("networks_network_compare", network.pk)
    return [
        url("index"),
        url("app_list", "networks"),
        url("app_list", "axes"),
        *(
            url(f"{model}_changelist")
            for model in (
                "networks_network",
                "networks_introduction",
                "members_memberorganization",
                "members_membership",
                "serbian_protectedterm",
                "auth_user",
                "auth_group",
                "axes_accessattempt",
                "axes_accesslog",
                "axes_accessfailurelog",
            )
        ),
        url("networks_network_add"),
        url("networks_network_change", network.pk),
        url("networks_introduction_change", introduction.pk),
        url("members_memberorganization_add"),
        url("members_memberorganization_change", organization.pk),
        url("members_membership_change", membership.pk),
        url("serbian_protectedterm_change", term.pk),
        url("auth_user_change", user.pk),
        url("auth_group_change", group.pk),
        url("auth_group_add"),
        url("axes_accessattempt_change", AccessAttempt.objects.get().pk),
        url("networks_network_history", network.pk),
        f"{compare}?version_id1={older.pk}&version_id2={newer.pk}",
        url("networks_network_recoverlist"),
        url("networks_network_delete", network.pk),
        url("members_memberorganization_delete", organization.pk),
    ]


def action_pages(client, network):
    """The pages an action opens before it does anything: the confirmations."""
    changelist = reverse("admin:networks_network_changelist")
    pages = []
    for action in ("delete_selected", "publish_selected", "unpublish_selected"):
        data = {"action": action, "_selected_action": [network.pk]}
        pages.append((action, client.post(changelist, data)))
    return pages


def test_nothing_in_the_serbian_latin_admin_is_in_english(serbian_admin, admin_pages):
    client = serbian_admin("sr-latn")
    english = {}
    for url in page_urls(client, admin_pages):
        response = client.get(url)
        assert response.status_code == 200, url
        found = ENGLISH.findall(VisibleText.of(response.content.decode(), "sr-Latn"))
        if found:
            english[url] = sorted({match[0] or match[1] or "…" for match in found})
    for action, response in action_pages(client, admin_pages[0]):
        found = ENGLISH.findall(VisibleText.of(response.content.decode(), "sr-Latn"))
        if found:
            english[action] = sorted({match[0] or match[1] or "…" for match in found})
    assert english == {}


def test_the_cyrillic_admin_is_all_in_cyrillic(serbian_admin, admin_pages):
    client = serbian_admin("sr")
    latin = {}
    for url in page_urls(client, admin_pages):
        response = client.get(url)
        assert response.status_code == 200, url
        words = latin_words(VisibleText.of(response.content.decode(), "sr"))
        if words:
            latin[url] = sorted(words)
    for action, response in action_pages(client, admin_pages[0]):
        words = latin_words(VisibleText.of(response.content.decode(), "sr"))
        if words:
            latin[action] = sorted(words)
    assert latin == {}


def test_the_checks_catch_english_and_latin():
    page = '<p title="Add network">Dodaj mrežu</p><p lang="en">English</p><p>Summary [sr-latn]</p>'
    text = VisibleText.of(page, "sr-Latn")
    assert "English" not in text  # marked as another language
    found = {match[0] or match[1] for match in ENGLISH.findall(text)}
    assert found == {"Add", "network", "Summary", "sr-latn"}
    cyrillic = VisibleText.of(
        "<p>Додај мрежу</p><textarea>Opis</textarea><p>Dodaj</p><bdi>md5</bdi>", "sr"
    )
    assert latin_words(cyrillic + " https://atmreza.org ASTRA") == {"Dodaj"}


# --- The models name themselves ------------------------------------------------------------


def test_every_model_in_the_admin_names_itself_in_every_form_serbian_needs():
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, wording.NamedModelAdminMixin), model
        noun = wording.noun_for(model)
        assert noun is not None, model
        assert None not in (noun.accusative_plural, noun.selected, noun.counted), model
        for inline in model_admin.inlines:
            assert wording.noun_for(inline.model) is not None, inline.model


def test_titles_buttons_and_actions_name_the_model_in_the_accusative(serbian_admin, network):
    client = serbian_admin("sr-latn")
    changelist = client.get(reverse("admin:networks_network_changelist")).content.decode()
    assert "Izaberite mrežu za izmenu" in changelist
    assert "Dodaj mrežu" in changelist
    assert "Obriši označene mreže" in changelist
    assert "Objavi označene mreže" in changelist
    assert "objekat klase" not in changelist
    add = client.get(reverse("admin:networks_network_add")).content.decode()
    assert "<h1>Dodaj mrežu</h1>" in add
    change = client.get(reverse("admin:networks_network_change", args=[network.pk]))
    assert "<h1>Izmeni mrežu</h1>" in change.content.decode()
    # The inline's button, made by Django's script from the formset's data.
    assert "Dodaj cilj" in unescape(change.content.decode())
    delete = client.get(reverse("admin:networks_network_delete", args=[network.pk]))
    assert "da obrišete mrežu „Antitrafiking mreža“" in delete.content.decode()


@pytest.mark.parametrize(
    ("count", "words"), [(1, "1 mreža"), (2, "2 mreže"), (5, "5 mreža"), (21, "21 mreža")]
)
def test_the_list_counts_in_serbians_plural_forms(serbian_admin, db, count, words):
    NetworkFactory.create_batch(count)
    page = serbian_admin("sr-latn").get(reverse("admin:networks_network_changelist"))
    assert re.search(rf'<p class="paginator">\s*{words}\s', page.content.decode())


def test_english_keeps_djangos_sentences(admin_client, network):
    page = admin_client.get(reverse("admin:networks_network_changelist")).content.decode()
    assert "Select network to change" in page
    assert "Add network" in page
    assert "Delete the selected networks" in page
    assert "1 network" in page


# --- Field labels, permissions, django-axes ------------------------------------------------


def test_a_translated_field_is_named_with_its_language_not_a_code(serbian_admin, network):
    page = serbian_admin("sr-latn").get(reverse("admin:networks_network_change", args=[network.pk]))
    content = page.content.decode()
    assert "Sažetak (srpski, latinica)" in content
    assert "Sažetak (srpski, ćirilica)" in content
    assert "Sažetak (engleski)" in content
    assert "[sr-latn]" not in content
    with translation.override("en"):
        assert str(Network._meta.get_field("summary_sr").verbose_name) == (
            "summary (Serbian, Cyrillic)"
        )


def test_the_language_tabs_and_menus_get_the_languages_names_in_their_own_scripts(
    serbian_admin, network
):
    page = serbian_admin("sr").get(reverse("admin:networks_network_change", args=[network.pk]))
    content = page.content.decode()
    data = re.search(
        r'<script id="astra-admin-languages" type="application/json">(.*?)</script>', content
    ).group(1)
    languages = json.loads(data)
    assert [(item["field_code"], item["name"], item["tag"]) for item in languages] == [
        ("sr_latn", "Srpski (latinica)", "sr-Latn"),
        ("sr", "Српски (ћирилица)", "sr-Cyrl"),
        ("en", "English", "en"),
    ]
    # The words that end a field's label, in the page's language, for the script to drop.
    assert [item["qualifier"] for item in languages] == [
        "српски, латиница",
        "српски, ћирилица",
        "енглески",
    ]
    assert '<option value="sr-latn" lang="sr-Latn">Srpski (latinica)</option>' in content
    assert '<option value="sr" lang="sr-Cyrl" selected>Српски (ћирилица)</option>' in content


def test_permissions_are_named_in_the_admins_language(serbian_admin, db):
    permission = Permission.objects.get(codename="change_network")
    assert permission.name == "Can change network"  # as Django stored it
    with translation.override("sr-latn"):
        assert permission_label(permission) == "Mreže | mreža | Može da menja"
    with translation.override("sr"):
        assert permission_label(permission) == "Мреже | мрежа | Може да мења"
    page = serbian_admin("sr-latn").get(reverse("admin:auth_group_add")).content.decode()
    assert "Mreže | mreža | Može da menja" in page
    assert "Can change" not in page


def test_sign_in_protection_has_a_section_in_the_admins_language(serbian_admin, db):
    record_failed_sign_in()
    client = serbian_admin("sr-latn")
    index = client.get(reverse("admin:index")).content.decode()
    assert "Zaštita prijave" in index
    assert "Axes" not in index
    page = client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "Pokušaji prijave" in page or "pokušaj prijave" in page
    assert "preostala su još 3 pokušaja" in page


# --- The history's field names ---------------------------------------------------------------


def test_the_history_names_fields_in_the_readers_language_old_records_too(serbian_admin, network):
    # As Django stored change messages before fields were named with their language.
    old = '[{"changed": {"fields": ["Summary [sr-latn]", "Member count as of"]}}]'
    new = json.dumps(
        [
            {"changed": {"fields": ["Summary (Serbian, Latin)"]}},
            {
                "changed": {
                    "name": "goal",
                    "object": "Raise visibility",
                    "fields": ["Goal (English)"],
                }
            },
        ]
    )
    with translation.override("sr-latn"):
        assert describe_comment(old, Network) == (
            "Izmenjeno: sažetak (srpski, latinica) i broj članica – stanje na dan."
        )
        assert describe_comment(new, Network) == (
            "Izmenjeno: sažetak (srpski, latinica). "
            "Izmenjeno: cilj (engleski) (cilj „Raise visibility“)."
        )
    with translation.override("en"):
        assert describe_comment(old, Network) == (
            "Changed summary (Serbian, Latin) and member count as of."
        )


def test_the_history_names_inline_rows_added_and_deleted(network):
    message = json.dumps(
        [
            {"added": {"name": "membership", "object": "ASTRA – AT"}},
            {"deleted": {"name": "goal", "object": "Raise visibility"}},
            {"added": {}},
        ]
    )
    with translation.override("en"):
        assert describe_comment(message, Network) == (
            "Added membership “ASTRA – AT”. Deleted goal “Raise visibility”. Added."
        )
    with translation.override("sr-latn"):
        assert describe_comment(message, Network) == (
            "Dodato: članstvo „ASTRA – AT“. Obrisano: cilj „Raise visibility“. Dodato."
        )


def test_the_history_page_has_no_field_codes(serbian_admin, network):
    client = serbian_admin("sr-latn")
    edit(client, network, summary_sr_latn="Izmenjen sažetak.")
    page = client.get(reverse("admin:networks_network_history", args=[network.pk]))
    content = unescape(page.content.decode())
    assert "sažetak (srpski, latinica)" in content
    assert "Summary" not in content


def test_the_content_loaders_revisions_are_named_in_the_readers_language(network):
    with translation.override("sr-latn"):
        assert "load_content" not in describe_comment("Before load_content --update", Network)


# --- Errors in words -------------------------------------------------------------------------


def test_two_rows_for_one_organization_are_refused_in_words(serbian_admin, network):
    client = serbian_admin("sr-latn")
    url = reverse("admin:networks_network_change", args=[network.pk])
    organization = MemberOrganization.objects.get(is_astra=True)
    data = submitted(client.get(url))
    total = int(data["memberships-TOTAL_FORMS"])
    data.update(
        {
            "memberships-TOTAL_FORMS": total + 1,
            f"memberships-{total}-organization": organization.pk,
            f"memberships-{total}-role": "member",
        }
    )
    response = client.post(url, data)
    assert "Ova organizacija je već članica ove mreže." in errors(response)
    assert not any("organization" in message for message in errors(response))


def errors(response):
    """The form's error messages, as the editor reads them."""
    lists = re.findall(
        r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode(), re.S
    )
    items = [item for block in lists for item in re.findall(r"<li>(.*?)</li>", block, re.S)]
    return [unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in items]


def test_a_taken_address_is_refused_in_words(serbian_admin, network):
    other = NetworkFactory()
    client = serbian_admin("sr-latn")
    url = reverse("admin:networks_network_change", args=[other.pk])
    response = client.post(url, network_form_data(other, slug_sr_latn=network.slug_sr_latn))
    assert errors(response) == ["Neka druga stranica već ima ovu adresu: izaberite drugu."]


def test_an_address_with_letters_it_cannot_have_is_explained(serbian_admin, network):
    client = serbian_admin("sr-latn")
    url = reverse("admin:networks_network_change", args=[network.pk])
    response = client.post(url, network_form_data(network, slug_en="mreža!"))
    (message,) = errors(response)
    assert message.startswith("Adresa sme da sadrži samo slova")
    assert "slag" not in message.lower()
    # The field is named in words an editor knows, neither "slug" nor Django's "slag".
    label = re.search(r'<label[^>]*for="id_slug_en"[^>]*>([^<]*)<', response.content.decode())
    assert label.group(1).endswith(" (engleski):")
    assert not re.search(r"sl[ua]g", label.group(1), re.IGNORECASE)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("since_month", 13, "Unesite broj koji nije veći od 12."),
        ("since_month", 0, "Unesite broj koji nije manji od 1."),
        ("since_day", 32, "Unesite broj koji nije veći od 31."),
    ],
)
def test_numbers_out_of_range_are_refused_by_the_form_in_serbian(
    serbian_admin, network, field, value, message
):
    # The admin's forms are "novalidate": the browser's tooltip never stops them, so the
    # form itself says what is wrong, in the admin's language.
    client = serbian_admin("sr-latn")
    membership = Membership.objects.filter(network=network).first()
    url = reverse("admin:members_membership_change", args=[membership.pk])
    values = {"since": 2002, "since_month": 7, "since_day": 1, field: value}
    data = submitted(client.get(url), **values)
    response = client.post(url, data)
    assert response.status_code == 200
    assert message in errors(response)


def test_a_place_beyond_the_last_is_refused_in_serbian(serbian_admin, network):
    client = serbian_admin("sr-latn")
    url = reverse("admin:networks_network_change", args=[network.pk])
    response = client.post(url, network_form_data(network, display_order=1000))
    assert "Unesite broj koji nije veći od 999." in errors(response)


def test_revisions_of_list_actions_say_what_they_did(serbian_admin, network):
    client = serbian_admin("sr-latn")
    changelist = reverse("admin:networks_network_changelist")
    data = {"action": "unpublish_selected", "_selected_action": [network.pk], "post": "yes"}
    client.post(changelist, data)
    revision = Revision.objects.order_by("-pk").first()
    with translation.override("sr-latn"):
        assert "Skloni sa sajta" in describe_comment(revision.comment, Network)


def test_users_and_groups_keep_djangos_admin_with_our_words(db):
    assert isinstance(admin.site._registry[User], wording.NamedModelAdminMixin)
    assert isinstance(admin.site._registry[Group], wording.NamedModelAdminMixin)
