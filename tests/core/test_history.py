"""Editors' history in the admin: every save and delete recorded, compared, restored and
recovered (core/history.py), with the page cache and the Serbian scripts kept right."""

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from members.models import MemberOrganization, Membership
from networks.models import Goal, Network
from serbian.models import ProtectedTerm
from tests.factories import (
    GoalFactory,
    IntroductionFactory,
    MembershipFactory,
    NetworkFactory,
    TownFactory,
)
from tests.helpers import network_form_data

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


class FormReader(HTMLParser):
    """What a browser submits from the admin's change form: every named, enabled field
    with its value (textarea line breaks as CRLF, as browsers send them)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data = []
        self.in_form = False
        self.textarea = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("id") or "").endswith("_form"):
            self.in_form = True
        if not self.in_form or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.append((name, attrs.get("value", "on")))
                return
            self.data.append((name, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select = {"name": name, "options": [], "selected": []}
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            self.select["options"].append(value)
            if "selected" in attrs:
                self.select["selected"].append(value)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            text = text.removeprefix("\n")  # browsers drop the newline after <textarea>
            self.data.append((name, text.replace("\r\n", "\n").replace("\n", "\r\n")))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            selected = self.select["selected"] or self.select["options"][:1]
            self.data.extend((self.select["name"], value) for value in selected)
            self.select = None


def submitted(response, **changes):
    """The form of an admin page as a browser would post it, with ``changes``."""
    reader = FormReader()
    reader.feed(response.content.decode())
    data = {}
    for name, value in reader.data:
        data.setdefault(name, []).append(value)
    data = {name: values if len(values) > 1 else values[0] for name, values in data.items()}
    data.update(changes)
    return data


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def history_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])


def revision_url(obj, version):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_revision", args=[obj.pk, version.pk])


def compare_url(obj, older, newer):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_compare", args=[obj.pk])
    return f"{url}?version_id1={older.pk}&version_id2={newer.pk}"


def versions(obj):
    """Oldest first."""
    return list(Version.objects.get_for_object(obj).order_by("pk"))


def edit(client, obj, **changes):
    """An editor opens the change form, changes ``changes`` and saves."""
    response = client.post(change_url(obj), submitted(client.get(change_url(obj)), **changes))
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def restore(client, obj, version):
    """An editor opens a version from the history and saves it."""
    url = revision_url(obj, version)
    response = client.post(url, submitted(client.get(url)))
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def text(response):
    """The page's text, without markup, spaces collapsed."""
    content = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(content).split())


# --- Recording ---------------------------------------------------------------------------


def test_an_admin_save_is_one_revision_of_the_network_with_its_goals_and_memberships(
    admin_client, admin_user, network
):
    edit(admin_client, network, description_sr_latn="Novi opis mreže.")
    *_, version = versions(network)
    revision = version.revision
    assert revision.user == admin_user
    # Who, when, what: the change message, kept without language.
    assert "Description (Serbian, Latin)" in revision.comment
    # The full content in every language, the generated Cyrillic included.
    fields = version.field_dict
    assert fields["description_sr_latn"] == "Novi opis mreže."
    assert fields["description_sr"] == "Нови опис мреже."
    assert fields["description_en"] == network.description_en
    assert "description_sr" in fields["generated_translations"]
    held = {(v.content_type.model, v.object_id) for v in revision.version_set.all()}
    assert held == {
        ("network", str(network.pk)),
        *(("goal", str(pk)) for pk in network.goals.values_list("pk", flat=True)),
        *(("membership", str(pk)) for pk in network.memberships.values_list("pk", flat=True)),
    }


def test_an_organization_revision_holds_its_memberships(admin_client, astra, network):
    edit(admin_client, astra, description_sr_latn="Novi opis organizacije.")
    *_, version = versions(astra)
    models = sorted(v.content_type.model for v in version.revision.version_set.all())
    assert models == ["memberorganization", "membership"]


@pytest.mark.parametrize("model", ["membership", "introduction", "protectedterm"])
def test_every_edited_model_keeps_a_history(admin_client, admin_user, network, model):
    obj = {
        "membership": lambda: Membership.objects.filter(network=network).first(),
        "introduction": lambda: IntroductionFactory(),
        "protectedterm": lambda: ProtectedTerm.objects.create(term="Terre des hommes"),
    }[model]()
    field = {"membership": "note_en", "introduction": "title_en", "protectedterm": "note"}[model]
    edit(admin_client, obj, **{field: "First change"})
    edit(admin_client, obj, **{field: "Second change"})
    first, *_, last = versions(obj)
    assert last.revision.user == admin_user
    assert last.field_dict[field] == "Second change"

    history = admin_client.get(history_url(obj))
    assert history.status_code == 200
    page = text(history)
    assert "Initial version." in page  # the state before the first change in the admin
    assert "admin" in page
    compare = admin_client.get(compare_url(obj, first, last))
    assert compare.status_code == 200
    assert "Second change" in text(compare)


def test_content_without_a_version_gets_an_initial_one_before_its_first_change(
    admin_client, network
):
    assert versions(network) == []  # as load_content leaves it
    edit(admin_client, network, name_sr_latn="Preimenovana mreža")
    initial, change = versions(network)
    assert initial.revision.user is None
    assert initial.field_dict["name_sr_latn"] == "Antitrafiking mreža"
    assert change.field_dict["name_sr_latn"] == "Preimenovana mreža"
    assert initial.revision.version_set.filter(content_type__model="goal").count() == 2


def test_createinitialrevisions_gives_every_object_a_version(network, introduction):
    ProtectedTerm.objects.create(term="Terre des hommes")
    call_command("createinitialrevisions", verbosity=0)
    for obj in (
        network,
        introduction,
        ProtectedTerm.objects.get(),
        *Goal.objects.all(),
        *MemberOrganization.objects.all(),
        *Membership.objects.all(),
    ):
        assert versions(obj), obj
    # A network's initial version holds its goals and memberships, to restore together.
    (version,) = versions(network)
    assert version.revision.version_set.count() == 1 + 2 + 2
    counted = Version.objects.count()
    call_command("createinitialrevisions", verbosity=0)
    assert Version.objects.count() == counted  # only once


def test_make_run_and_the_container_make_the_initial_versions():
    makefile = (ROOT / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert run.index("load_content") < run.index("createinitialrevisions") < run.index("runserver")
    start = (ROOT / "bin" / "start").read_text()
    assert start.index("migrate") < start.index("createinitialrevisions") < start.index("gunicorn")


# --- History and comparison --------------------------------------------------------------


def test_history_lists_who_changed_what_and_when_newest_first(admin_client, network):
    edit(admin_client, network, description_sr_latn="Opis, prva izmena.")
    edit(admin_client, network, summary_en="Changed summary.")
    page = admin_client.get(history_url(network))
    assert page.status_code == 200
    content = page.content.decode()
    rows = re.findall(r"<tr>\s*<td><input type=\"radio\".*?</tr>", content, re.S)
    assert len(rows) == 3
    assert "Changed summary (English)." in html.unescape(rows[0])
    assert "Changed description (Serbian, Latin)." in html.unescape(rows[1])
    assert "Initial version." in rows[2]
    # The latest change is preselected for comparison.
    assert re.search(r'name="version_id2" value="\d+" checked', rows[0])
    assert re.search(r'name="version_id1" value="\d+" checked', rows[1])
    # Each version opens in the form, to be restored.
    newest = versions(network)[-1]
    assert f'href="{revision_url(network, newest)}"' in rows[0]


def test_compare_shows_each_language_the_generated_texts_and_the_inline_rows(admin_client, network):
    goal = network.goals.order_by("order").first()
    page = admin_client.get(change_url(network))
    prefix = next(
        name.removesuffix("-id")
        for name, value in submitted(page).items()
        if name.startswith("goals-") and name.endswith("-id") and value == str(goal.pk)
    )
    edit(
        admin_client,
        network,
        description_sr_latn="Sasvim nov opis.",
        summary_sr="Мој сажетак.",  # an editor's own Cyrillic: no longer generated
        **{f"{prefix}-text_en": "Inform everyone at risk"},
    )
    older, newer = versions(network)
    response = admin_client.get(compare_url(network, older, newer))
    assert response.status_code == 200
    page, content = text(response), response.content.decode()
    for label in (
        "Description (Serbian, Latin)",
        "Description (Serbian, Cyrillic)",
        "Summary (Serbian, Cyrillic)",
        "Generated by transliteration",
        "Inform everyone at risk (changed)",
        "Goal (English)",
    ):
        assert label in page, label
    assert "<del>Drugi pasus na srpskom</del><ins>Sasvim nov opis</ins>" in content
    # The generated Cyrillic followed.
    assert "<del>Други пасус на српском</del><ins>Сасвим нов опис</ins>" in content
    # Unchanged languages and rows are not listed.
    assert "Description (English)" not in page
    assert "<h2>Goals</h2>" in content
    assert "<h2>Memberships</h2>" not in content
    # The generated-texts record, named as the change form names them.
    generated = page.split("Generated by transliteration", 1)[1]
    assert "Summary (Serbian, Cyrillic)" in generated
    # Each version can be restored from here.
    assert f'href="{revision_url(network, older)}"' in response.content.decode()


def test_compare_lists_added_and_removed_rows(admin_client, network):
    call_command("createinitialrevisions", verbosity=0)
    Goal.objects.filter(network=network, text_en="Raise visibility").delete()
    GoalFactory(network=network, text_en="A new goal", text_sr_latn="Nov cilj", order=9)
    edit(admin_client, network)
    older, newer = versions(network)
    page = text(admin_client.get(compare_url(network, older, newer)))
    assert "A new goal (added)" in page
    assert "Raise visibility (removed)" in page


def test_compare_needs_permission_to_see_the_object(client, django_user_model, network):
    call_command("createinitialrevisions", verbosity=0)
    (version,) = versions(network)
    staff = django_user_model.objects.create_user("intern", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get(compare_url(network, version, version)).status_code == 403


# --- Restoring -----------------------------------------------------------------------------


def test_restoring_a_version_brings_back_the_network_its_goals_and_memberships(
    admin_client, admin_user, client, network
):
    call_command("createinitialrevisions", verbosity=0)
    original = Network.objects.get(pk=network.pk)
    goals = list(network.goals.values_list("pk", "text_en", "text_sr"))
    GoalFactory(network=network, text_en="Added later", text_sr_latn="Dodat kasnije")
    Membership.objects.filter(network=network, organization__is_astra=False).delete()
    edit(admin_client, network, description_sr_latn="Pogrešan opis.", name_en="Wrong name")
    initial = versions(network)[0]

    form = admin_client.get(revision_url(network, initial))
    assert form.status_code == 200
    assert "press “Save” to restore it" in text(form)
    # Showing a version changes nothing.
    assert Network.objects.get(pk=network.pk).name_en == "Wrong name"

    restore(admin_client, network, initial)
    restored = Network.objects.get(pk=network.pk)
    for field in ("name_en", "description_sr_latn", "description_sr", "generated_translations"):
        assert getattr(restored, field) == getattr(original, field), field
    assert sorted(restored.goals.values_list("pk", "text_en", "text_sr")) == sorted(goals)
    assert restored.memberships.count() == 2
    # The restore is a revision of its own, by the editor who restored.
    latest = versions(network)[-1]
    assert latest.revision.user == admin_user
    history = text(admin_client.get(history_url(network)))
    assert "Restored the version saved on" in history
    assert "Centar za devojke" in client.get("/sr-latn/mreze/at-mreza/").content.decode()


def test_a_restore_invalidates_the_cached_pages(settings, admin_client, client, network):
    settings.PAGE_CACHE_SECONDS = 600
    call_command("createinitialrevisions", verbosity=0)
    edit(admin_client, network, description_sr_latn="Privremeni opis.")
    page = "/sr-latn/mreze/at-mreza/"
    assert "Privremeni opis." in client.get(page).content.decode()
    assert client.get(page)["X-Cache"] == "hit"

    restore(admin_client, network, versions(network)[0])
    response = client.get(page)
    assert response["X-Cache"] == "miss"
    assert "Prvi pasus na srpskom." in response.content.decode()
    assert "Privremeni opis." not in response.content.decode()


def test_a_raw_revert_invalidates_the_cached_pages_too(settings, admin_client, client, network):
    # reversion puts a version back with raw saves (no Model.save()); the receivers still
    # hear them, so even a revert outside the admin is never hidden by a cached page.
    settings.PAGE_CACHE_SECONDS = 600
    call_command("createinitialrevisions", verbosity=0)
    edit(admin_client, network, description_sr_latn="Privremeni opis.")
    page = "/sr/mreze/at-mreza/"
    assert "Привремени опис." in client.get(page).content.decode()
    assert client.get(page)["X-Cache"] == "hit"

    versions(network)[0].revision.revert(delete=True)
    response = client.get(page)
    assert response["X-Cache"] == "miss"
    assert "Први пасус на српском." in response.content.decode()


def test_after_a_restore_generated_cyrillic_follows_its_latin_again(admin_client, client, network):
    call_command("createinitialrevisions", verbosity=0)
    assert "description_sr" in network.generated_translations
    edit(admin_client, network, description_sr="Мој опис.")  # the editor's own Cyrillic
    assert "description_sr" not in Network.objects.get(pk=network.pk).generated_translations

    restore(admin_client, network, versions(network)[0])
    restored = Network.objects.get(pk=network.pk)
    assert restored.description_sr == "Први пасус на српском.\n\nДруги пасус на српском."
    assert "description_sr" in restored.generated_translations

    # A later edit of the Latin text makes the Cyrillic again, as before.
    edit(admin_client, network, description_sr_latn="Opis posle vraćanja.")
    assert Network.objects.get(pk=network.pk).description_sr == "Опис после враћања."
    assert "Опис после враћања." in client.get("/sr/mreze/at-mreza/").content.decode()


def test_after_a_restore_an_editors_own_cyrillic_stays_theirs(admin_client, network):
    edit(admin_client, network, description_sr="Мој опис.")
    mine = versions(network)[-1]
    edit(admin_client, network, description_sr_latn="Drugi opis.", description_sr="")
    assert Network.objects.get(pk=network.pk).description_sr == "Други опис."

    restore(admin_client, network, mine)
    restored = Network.objects.get(pk=network.pk)
    assert restored.description_sr == "Мој опис."
    assert "description_sr" not in restored.generated_translations
    # A Latin edit leaves the editor's Cyrillic alone.
    edit(admin_client, network, description_sr_latn="Treći opis.")
    assert Network.objects.get(pk=network.pk).description_sr == "Мој опис."


def test_after_a_raw_revert_a_latin_edit_still_makes_the_cyrillic(admin_client, network):
    call_command("createinitialrevisions", verbosity=0)
    edit(admin_client, network, description_sr_latn="Opis A.")
    versions(network)[0].revision.revert(delete=True)
    reverted = Network.objects.get(pk=network.pk)
    assert reverted.description_sr == "Први пасус на српском.\n\nДруги пасус на српском."
    assert "description_sr" in reverted.generated_translations
    edit(admin_client, network, description_sr_latn="Opis B.")
    assert Network.objects.get(pk=network.pk).description_sr == "Опис Б."


# --- Deleting and recovering ---------------------------------------------------------------


def delete(client, obj):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302


def recover(client, model, version):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_recover", args=[version.pk])
    form = client.get(url)
    assert form.status_code == 200
    response = client.post(url, submitted(form))
    assert response.status_code == 302, response.content.decode()[:3000]


def test_a_deleted_network_is_recovered_with_its_goals_and_memberships(
    admin_client, admin_user, client, network
):
    # Never edited in the admin: deleting records it first, so it can come back.
    goals = sorted(network.goals.values_list("pk", "text_en", "text_sr_latn", "text_sr"))
    memberships = sorted(network.memberships.values_list("pk", "organization", "role", "since"))
    pk = network.pk
    delete(admin_client, network)
    assert not Network.objects.filter(pk=pk).exists()
    assert not Goal.objects.filter(network_id=pk).exists()
    assert not Membership.objects.filter(network_id=pk).exists()
    assert client.get("/sr-latn/mreze/at-mreza/").status_code == 404

    opts = Network._meta
    recover_list = admin_client.get(reverse(f"admin:{opts.app_label}_network_recoverlist"))
    assert "Antitrafiking mreža" in text(recover_list) or "Anti-Trafficking Network" in text(
        recover_list
    )
    assert "Deleted." in text(recover_list)
    (deleted,) = Version.objects.get_deleted(Network)
    assert deleted.revision.user == admin_user

    recover(admin_client, Network, deleted)
    network = Network.objects.get(pk=pk)
    assert network.name_sr_latn == "Antitrafiking mreža"
    assert sorted(network.goals.values_list("pk", "text_en", "text_sr_latn", "text_sr")) == goals
    assert (
        sorted(network.memberships.values_list("pk", "organization", "role", "since"))
        == memberships
    )
    assert "Recovered after deletion" in text(admin_client.get(history_url(network)))
    assert client.get("/sr-latn/mreze/at-mreza/").status_code == 200
    assert list(Version.objects.get_deleted(Network)) == []


def test_a_deleted_organization_is_recovered_with_its_memberships(admin_client, network):
    organization = MemberOrganization.objects.get(slug_en="centre-for-girls-nis")
    membership = Membership.objects.get(organization=organization)
    delete(admin_client, organization)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    (deleted,) = Version.objects.get_deleted(MemberOrganization)
    recover(admin_client, MemberOrganization, deleted)
    restored = Membership.objects.get(pk=membership.pk)
    assert (restored.network_id, restored.organization_id) == (network.pk, organization.pk)
    assert MemberOrganization.objects.get(pk=organization.pk).name_sr_latn == "Centar za devojke"


def test_restoring_an_organizations_version_brings_back_its_town(admin_client, client, network):
    organization = MemberOrganization.objects.get(slug_en="centre-for-girls-nis")
    call_command("createinitialrevisions", verbosity=0)
    nis = organization.town
    uzice = TownFactory(name_en="Užice", name_sr_latn="Užice")
    edit(admin_client, organization, town=uzice.pk, name_sr_latn="Premešten centar")
    assert MemberOrganization.objects.get(pk=organization.pk).town == uzice
    restore(admin_client, organization, versions(organization)[0])
    restored = MemberOrganization.objects.get(pk=organization.pk)
    assert (restored.town, restored.name_sr_latn) == (nis, "Centar za devojke")
    page = client.get("/sr-latn/organizacije/centar-za-devojke-nis/").content.decode()
    assert "Niš" in page
    assert "Užice" not in page


def test_deleting_several_at_once_records_each_to_recover_on_its_own(admin_client, network):
    other = NetworkFactory(name_en="Another network")
    MembershipFactory(network=other)
    url = reverse("admin:networks_network_changelist")
    data = {"action": "delete_selected", "_selected_action": [network.pk, other.pk], "post": "yes"}
    assert admin_client.post(url, data).status_code == 302
    assert Network.objects.count() == 0
    deleted = {version.object_id: version for version in Version.objects.get_deleted(Network)}
    assert set(deleted) == {str(network.pk), str(other.pk)}
    recover(admin_client, Network, deleted[str(other.pk)])
    assert list(Network.objects.values_list("name_en", flat=True)) == ["Another network"]
    assert Membership.objects.filter(network=other).count() == 1


def test_the_change_list_links_to_the_deleted_ones(admin_client, network):
    page = admin_client.get(reverse("admin:networks_network_changelist")).content.decode()
    assert f'href="{reverse("admin:networks_network_recoverlist")}"' in page
    assert "Recover deleted" in page


def test_a_membership_edit_inline_and_the_network_form_still_save(admin_client, network):
    # The history's token is one more field of the form: the old helpers still post.
    url = change_url(network)
    response = admin_client.post(url, network_form_data(network, name_sr_latn="Nova mreža"))
    assert response.status_code == 302
    assert Network.objects.get(pk=network.pk).name_sr_latn == "Nova mreža"
