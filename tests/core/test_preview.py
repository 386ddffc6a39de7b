"""The editors' preview: the public page with the form's unsaved changes, in every
language, for editors only, never saved, cached or indexed."""

import datetime
import html
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone, translation
from reversion.models import Revision, Version

from core.cache import generation
from core.history import TOKEN_FIELD
from members.models import MemberOrganization, Membership, Town
from networks.models import Goal, Introduction, Network
from tests.factories import TownFactory
from tests.helpers import network_form_data

pytestmark = pytest.mark.django_db

MARK = "Preview – not saved"
LANGUAGES = {"en": "en", "sr-latn": "sr-Latn", "sr": "sr-Cyrl"}


def with_inlines(network, **changes):
    """The network's form as the admin posts it: its goals and memberships included."""
    data = network_form_data(network)
    goals = list(network.goals.all())
    memberships = list(network.memberships.all())
    data.update({"goals-TOTAL_FORMS": len(goals), "goals-INITIAL_FORMS": len(goals)})
    for index, goal in enumerate(goals):
        prefix = f"goals-{index}-"
        data.update({prefix + "id": goal.pk, prefix + "network": network.pk})
        data[prefix + "order"] = goal.order
        for suffix in ("en", "sr_latn", "sr"):
            data[f"{prefix}text_{suffix}"] = getattr(goal, f"text_{suffix}") or ""
    data.update(
        {"memberships-TOTAL_FORMS": len(memberships), "memberships-INITIAL_FORMS": len(memberships)}
    )
    for index, membership in enumerate(memberships):
        prefix = f"memberships-{index}-"
        data.update(
            {
                prefix + "id": membership.pk,
                prefix + "network": network.pk,
                prefix + "organization": membership.organization_id,
                prefix + "role": membership.role,
                prefix + "since": membership.since or "",
                prefix + "since_month": membership.since_month or "",
                prefix + "since_day": membership.since_day or "",
            }
        )
        for suffix in ("en", "sr_latn", "sr"):
            data[f"{prefix}note_{suffix}"] = getattr(membership, f"note_{suffix}") or ""
    data.update(changes)
    return data


def organization_form_data(organization, **changes):
    data = {
        "town": organization.town_id,
        "website": organization.website,
        "is_published": "on" if organization.is_published else "",
        "memberships-TOTAL_FORMS": 0,
        "memberships-INITIAL_FORMS": 0,
    }
    for field in ("slug", "name", "acronym", "description"):
        for suffix in ("en", "sr_latn", "sr"):
            data[f"{field}_{suffix}"] = getattr(organization, f"{field}_{suffix}") or ""
    data.update(changes)
    return data


def preview_url(obj=None, model=Network):
    info = model._meta.app_label, model._meta.model_name
    if obj is None:
        return reverse("admin:{}_{}_preview_add".format(*info))
    return reverse("admin:{}_{}_preview".format(*info), args=[obj.pk])


def snapshot():
    """Everything a save would change: the content, the admin's log and the history."""
    with translation.override("en"):  # values() reads translated fields in one language
        return content_rows()


def content_rows():
    return (
        list(Network.objects.values()),
        list(Goal.objects.values()),
        list(Membership.objects.values()),
        list(MemberOrganization.objects.values()),
        list(Town.objects.values()),
        list(Introduction.objects.values()),
        LogEntry.objects.count(),
        Revision.objects.count(),
        Version.objects.count(),
    )


def main(page):
    """The page's own content (the preview's bar also carries the form's data)."""
    return re.search(r"<main.*?</main>", page, re.S)[0]


def hidden_inputs(page):
    """The preview bar's form fields: what its language buttons post again."""
    form = re.search(r'<form class="preview-bar__languages".*?</form>', page, re.S)[0]
    return [
        (html.unescape(name), html.unescape(value))
        for name, value in re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)"', form)
    ]


@pytest.mark.parametrize(
    ("language", "name", "goal"),
    [
        ("en", "Previewed Network", "Edited goal"),
        ("sr-latn", "Pregledana mreža", "Izmenjen cilj"),
        # Not typed: generated from the Latin, as saving would, without saving.
        ("sr", "Прегледана мрежа", "Измењен циљ"),
    ],
)
def test_preview_shows_the_unsaved_network_in_each_language(
    admin_client, network, language, name, goal
):
    before = snapshot()
    data = with_inlines(
        network,
        name_en="Previewed Network",
        name_sr_latn="Pregledana mreža",
        **{"goals-0-text_en": "Edited goal", "goals-0-text_sr_latn": "Izmenjen cilj"},
        **{"goals-1-DELETE": "on"},
        _preview_language=language,
    )
    response = admin_client.post(preview_url(network), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert f'<html lang="{LANGUAGES[language]}">' in page
    assert MARK in page
    assert f"<h1>{name}</h1>" in page
    assert goal in main(page)
    # The goal deleted in the form is gone from the page, but not from the database.
    assert "Raise visibility" not in main(page)
    assert "Vidljivost" not in main(page)
    assert snapshot() == before


def test_preview_is_never_stored_or_indexed(admin_client, network):
    response = admin_client.post(preview_url(network), with_inlines(network))
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    assert "X-Cache" not in response
    # A public page is not a preview: no bar, indexable.
    public = admin_client.get("/en/networks/at-network/").content.decode()
    assert MARK not in public
    assert "noindex" not in public


def test_preview_leaves_the_page_cache_alone(admin_client, client, network, settings):
    settings.PAGE_CACHE_SECONDS = 600
    url = "/en/networks/at-network/"
    client.get(url)
    before = generation()
    data = with_inlines(network, name_en="Previewed Network")
    assert admin_client.post(preview_url(network), data).status_code == 200
    assert generation() == before
    response = client.get(url)
    assert response["X-Cache"] == "hit"
    assert "Previewed Network" not in response.content.decode()


def test_the_language_buttons_keep_the_unsaved_changes(admin_client, network):
    data = with_inlines(network, name_en="Previewed Network", name_sr_latn="Pregledana mreža")
    page = admin_client.post(preview_url(network), data).content.decode()
    assert '<strong aria-current="true" lang="en">English</strong>' in page
    assert 'name="_preview_language" value="sr"' in page
    carried = hidden_inputs(page)
    assert ("name_sr_latn", "Pregledana mreža") in carried
    # The description's paragraphs survive the round trip.
    assert ("description_en", network.description_en) in carried
    # A token of its own (the form's is not carried), and the language the button's.
    assert [name for name, _value in carried].count("csrfmiddlewaretoken") == 1
    assert "_preview_language" not in dict(carried)
    again = dict(carried) | {"_preview_language": "sr"}
    response = admin_client.post(preview_url(network), again)
    assert "<h1>Прегледана мрежа</h1>" in response.content.decode()


def test_the_change_and_add_forms_have_a_preview_button(admin_client, network, introduction):
    for url, target in (
        (reverse("admin:networks_network_change", args=[network.pk]), preview_url(network)),
        (reverse("admin:networks_network_add"), preview_url()),
        (
            reverse("admin:networks_introduction_change", args=[introduction.pk]),
            preview_url(introduction, Introduction),
        ),
        (
            reverse("admin:members_memberorganization_add"),
            preview_url(model=MemberOrganization),
        ),
    ):
        page = admin_client.get(url).content.decode()
        assert f'formaction="{target}" formtarget="_blank"' in page, url
    # A membership has no page of its own.
    membership = Membership.objects.first()
    page = admin_client.get(reverse("admin:members_membership_change", args=[membership.pk]))
    assert "formaction" not in page.content.decode()


def test_preview_of_a_new_network_adds_nothing(admin_client, network):
    new = Network(kind=Network.Kind.GLOBAL_NETWORK, display_order=9)
    data = network_form_data(
        new,
        name_en="Brand New Network",
        short_name_en="BNN",
        name_sr_latn="Nova mreža",
        short_name_sr_latn="NM",
        summary_en="Summary.",
        summary_sr_latn="Sažetak.",
        description_en="Description.",
        description_sr_latn="Opis.",
        astra_relationship_en="ASTRA is a member.",
        astra_relationship_sr_latn="ASTRA je članica.",
        is_published="",
        **{
            "goals-TOTAL_FORMS": 1,
            "goals-0-order": 1,
            "goals-0-text_en": "A new goal",
            "goals-0-text_sr_latn": "Novi cilj",
            "memberships-TOTAL_FORMS": 1,
            "memberships-0-organization": network.memberships.get(
                organization__is_astra=True
            ).organization_id,
            "memberships-0-role": "founder",
            "memberships-0-since": 2020,
        },
        _preview_language="sr",
    )
    before = snapshot()
    response = admin_client.post(preview_url(), data)
    page = response.content.decode()
    assert response.status_code == 200, page[:2000]
    assert "<h1>Нова мрежа</h1>" in page
    assert "Нови циљ" in page
    assert "Оснивачица" in page
    assert "2020" in page
    assert "Not published: visitors do not see this page." in page
    assert snapshot() == before


def test_preview_of_an_organization(admin_client, network):
    organization = MemberOrganization.objects.get(slug_en="centre-for-girls-nis")
    uzice = TownFactory(name_en="Užice", name_sr_latn="Užice")
    data = organization_form_data(
        organization,
        town=uzice.pk,
        name_sr_latn="Centar za devojčice",
        description_sr_latn="Novi opis.",
        _preview_language="sr",
        **{
            "memberships-TOTAL_FORMS": 1,
            "memberships-INITIAL_FORMS": 1,
            "memberships-0-id": organization.memberships.get().pk,
            "memberships-0-organization": organization.pk,
            "memberships-0-network": network.pk,
            "memberships-0-role": "partner",
        },
    )
    before = snapshot()
    response = admin_client.post(preview_url(organization, MemberOrganization), data)
    page = response.content.decode()
    assert "Центар за девојчице" in page
    assert "Нови опис." in page
    assert "Ужице" in page  # the town as chosen, not the saved Niš
    assert "Ниш" not in main(page)
    assert "Антитрафикинг мрежа" in page
    assert "Партнер" in page  # the role as edited, not the saved "member"
    assert snapshot() == before


def test_preview_of_the_introduction_is_the_home_page(admin_client, network, introduction):
    data = {
        "title_en": "Our networks",
        "title_sr_latn": "Naše mreže",
        "title_sr": "",
        "text_en": "New introduction.",
        "text_sr_latn": "Novi uvod.",
        "text_sr": "",
    }
    url = preview_url(introduction, Introduction)
    for language, title, network_name in (
        ("en", "Our networks", "Anti-Trafficking Network"),
        ("sr-latn", "Naše mreže", "Antitrafiking mreža"),
        ("sr", "Наше мреже", "Антитрафикинг мрежа"),
    ):
        response = admin_client.post(url, {**data, "_preview_language": language})
        page = response.content.decode()
        assert f'<h1 id="intro-title">{title}</h1>' in page
        assert MARK in page
        assert network_name in main(page)  # the published networks' cards
    introduction.refresh_from_db()
    assert introduction.title_en == "Networking"


def test_preview_says_when_a_page_is_scheduled(admin_client, network):
    when = timezone.localtime() + datetime.timedelta(days=3)
    data = with_inlines(network, publish_at=when.strftime("%Y-%m-%dT%H:%M"))
    page = admin_client.post(preview_url(network), data).content.decode()
    assert "Scheduled: visitors see this page from" in page


def test_a_form_with_errors_gets_its_errors_not_a_page(admin_client, network):
    before = snapshot()
    data = with_inlines(network, name_en="", **{"goals-0-text_en": ""})
    response = admin_client.post(preview_url(network), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "The preview cannot be shown yet" in page
    assert "Name (English): This field is required." in page
    assert "Goals, row 1, Goal (English): This field is required." in page
    assert MARK in page
    assert "noindex" in response["X-Robots-Tag"]
    assert snapshot() == before


def test_opening_the_preview_address_leads_back_to_the_form(admin_client, network):
    response = admin_client.get(preview_url(network))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:networks_network_change", args=[network.pk])


def test_visitors_are_sent_to_the_admin_login(client, network):
    response = client.post(preview_url(network), with_inlines(network))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert MARK not in response.content.decode()


@pytest.mark.parametrize(
    ("codename", "allowed"), [("view_network", False), ("change_network", True)]
)
def test_only_editors_who_may_change_it_see_a_preview(
    client, django_user_model, network, codename, allowed
):
    editor = django_user_model.objects.create_user("editor", password="x-Y-z-12345", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename=codename))
    client.force_login(editor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post(preview_url(network), with_inlines(network))
    assert response.status_code == (200 if allowed else 403)
    assert (MARK in response.content.decode()) is allowed
    form = client.get(reverse("admin:networks_network_change", args=[network.pk]))
    assert ("formaction" in form.content.decode()) is allowed


def test_a_change_saved_meanwhile_does_not_stop_a_preview(admin_client, network):
    # The history lock refuses a save from a form opened before someone else's save; a
    # preview saves nothing, so it shows the page all the same.
    data = with_inlines(network, name_en="Previewed Network", **{TOKEN_FIELD: "1-outdated"})
    page = admin_client.post(preview_url(network), data).content.decode()
    assert "<h1>Previewed Network</h1>" in page
    assert TOKEN_FIELD not in dict(hidden_inputs(page))
