"""The facts of ASTRA's Networking page (shared/seed) and of the checked facts file, as a
visitor reads them on the rendered pages, in every language.

The expected values are written out here, from the seed, not taken from the content
file: a wrong fact in the file must fail a test.
"""

import re

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext, pgettext

from members.models import MemberOrganization
from networks.models import Network

LANGUAGES = ("en", "sr-latn", "sr")

# The AT Network's eight members, as the seed lists them: ASTRA under its full name, then
# seven organizations with their towns (en, sr-latn, sr).
AT_NETWORK_MEMBERS = [
    (
        ("ASTRA – Anti-Trafficking Action", "Belgrade"),
        ("ASTRA – Akcija protiv trgovine ljudima", "Beograd"),
        ("ASTRA – Акција против трговине људима", "Београд"),
    ),
    (
        ("SOS for Women and Children Victims of Violence", "Vlasotince"),
        ("SOS za žene i decu žrtve nasilja", "Vlasotince"),
        ("СОС за жене и децу жртве насиља", "Власотинце"),
    ),
    (
        ("Independent Women’s Centre", "Dimitrovgrad"),
        ("Nezavisni ženski centar", "Dimitrovgrad"),
        ("Независни женски центар", "Димитровград"),
    ),
    (
        ("Human Rights Committee", "Vranje"),
        ("Odbor za ljudska prava", "Vranje"),
        ("Одбор за људска права", "Врање"),
    ),
    (("Centre for Girls", "Niš"), ("Centar za devojke", "Niš"), ("Центар за девојке", "Ниш")),
    (("PAOR", "Zrenjanin"), ("PAOR", "Zrenjanin"), ("ПАОР", "Зрењанин")),
    (("Centre for Girls", "Užice"), ("Centar za devojke", "Užice"), ("Центар за девојке", "Ужице")),
    (
        ("Women’s Forum", "Prijepolje"),
        ("Forum žena", "Prijepolje"),
        ("Форум жена", "Пријепоље"),
    ),
]
SHARED_NAMES = {"Centre for Girls", "Centar za devojke", "Центар за девојке"}

# prEUgovor's six organizations, as the seed names them.
PREUGOVOR_MEMBERS = [
    ("Belgrade Centre for Security Policy", "Beogradski centar za bezbednosnu politiku",
     "Београдски центар за безбедносну политику"),
    ("Centre for Applied European Studies", "Centar za primenjene evropske studije",
     "Центар за примењене европске студије"),
    ("Group 484", "Grupa 484", "Група 484"),
    ("ASTRA – Anti-Trafficking Action", "ASTRA – Akcija protiv trgovine ljudima",
     "ASTRA – Акција против трговине људима"),
    ("Transparency Serbia", "Transparentnost Srbija", "Транспарентност Србија"),
    ("Centre for Investigative Journalism of Serbia", "Centar za istraživačko novinarstvo Srbije",
     "Центар за истраживачко новинарство Србије"),
]  # fmt: skip

# Each network's size as the network (or the seed) reports it, with its "as of" date where
# the source gives one; None: no size is reported (EIN is open to all, ECOSOC a status).
AS_OF_SEED = ("28 November 2026", "28. novembra 2026.", "28. новембра 2026.")
REPORTED_SIZES = {
    "at-network": (
        ("8 member organizations from Serbia", "8 organizacija članica iz Srbije",
         "8 организација чланица из Србије"), AS_OF_SEED),
    "preugovor": (
        ("6 civil society organizations from Serbia", "6 organizacija civilnog društva iz Srbije",
         "6 организација цивилног друштва из Србије"), AS_OF_SEED),
    "women-against-violence-network": (
        ("28 founding organizations of the alliance", "28 organizacija osnivačica saveza",
         "28 организација оснивачица савеза"),
        ("17 May 2023", "17. maja 2023.", "17. маја 2023.")),
    "ban": (
        ("ASTRA with six partner and 13 cooperating NGOs",
         "ASTRA sa šest partnerskih i 13 saradničkih NVO",
         "ASTRA са шест партнерских и 13 сарадничких НВО"), AS_OF_SEED),
    "la-strada-international": (
        ("26 member organizations and 2 associate members from 23 European countries",
         "26 organizacija članica i 2 pridružene članice iz 23 evropske zemlje",
         "26 организација чланица и 2 придружене чланице из 23 европске земље"), AS_OF_SEED),
    "gaatw": (
        ("over 80 NGOs", "više od 80 nevladinih organizacija",
         "више од 80 невладиних организација"), AS_OF_SEED),
    "missing-children-europe": (
        ("31 member organizations from 26 European countries",
         "31 organizacija članica iz 26 evropskih zemalja",
         "31 организација чланица из 26 европских земаља"), AS_OF_SEED),
    # ICMEC gives no date for its count: none is shown.
    "gmcn": (
        ("29 countries on five continents", "29 zemalja na pet kontinenata",
         "29 земаља на пет континената"), None),
    "ein": None,
    "ecosoc": None,
}  # fmt: skip

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(db):
    call_command("load_content", verbosity=0)


def text(html):
    """What a visitor reads: tags dropped, white space folded."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def main(html):
    return html[html.index("<main") : html.index("</main>")]


def page(client, obj, language):
    with translation.override(language):
        url = obj.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def network_page(client, slug, language):
    return page(client, Network.objects.get(slug_en=slug), language)


def member_items(html):
    return [
        text(item) for item in re.findall(r'<li class="member-list__item">(.*?)</li>', html, re.S)
    ]


@pytest.mark.parametrize("index", range(3), ids=LANGUAGES)
def test_the_at_network_lists_its_eight_members_with_their_towns(client, content, index):
    html = network_page(client, "at-network", LANGUAGES[index])
    items = member_items(html)
    assert len(items) == 8
    for member in AT_NETWORK_MEMBERS:
        name, town = member[index]
        shown = f"{name} – {town}" if name in SHARED_NAMES else name
        assert any(item.startswith(shown) and town in item for item in items), (shown, items)
    # ASTRA's full name is one organization, not two.
    assert not any(item.startswith(("Anti-Trafficking Action", "Akcija protiv")) for item in items)


def test_there_is_no_organization_called_anti_trafficking_action(client, content):
    names = MemberOrganization.objects.values_list("name_en", flat=True)
    assert "Anti-Trafficking Action" not in names
    assert MemberOrganization.objects.count() == 13
    assert client.get("/en/organizations/anti-trafficking-action/").status_code == 404
    html = client.get("/en/organizations/").content.decode()
    assert ">Anti-Trafficking Action<" not in html
    assert "ASTRA – Anti-Trafficking Action" in html


@pytest.mark.parametrize("index", range(3), ids=LANGUAGES)
def test_preugovor_lists_its_six_organizations(client, content, index):
    items = member_items(network_page(client, "preugovor", LANGUAGES[index]))
    assert len(items) == 6
    for names in PREUGOVOR_MEMBERS:
        assert any(item.startswith(names[index]) for item in items), (names[index], items)


@pytest.mark.parametrize("index", range(3), ids=LANGUAGES)
@pytest.mark.parametrize("slug", REPORTED_SIZES)
def test_each_network_shows_the_size_it_reports_with_source_and_date(client, content, slug, index):
    language = LANGUAGES[index]
    detail = text(main(network_page(client, slug, language)))
    home = text(client.get(f"/{language}/").content.decode())
    with translation.override(language):
        size_label = gettext("Network size")
        as_of = gettext("as of %(date)s") % {"date": ""}
    expected = REPORTED_SIZES[slug]
    if expected is None:
        assert size_label not in detail
        return
    (sizes, dates) = expected
    assert f"{size_label} " in detail
    assert sizes[index] in detail
    assert sizes[index] in home
    if dates is None:
        assert as_of.strip() not in detail
    else:
        assert f"{as_of.strip()} {dates[index]}" in detail


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_card_or_network_page_counts_stored_memberships_as_the_networks_size(
    client, content, language
):
    home = client.get(f"/{language}/").content.decode()
    index = LANGUAGES.index(language)
    reported = {expected[0][index] for expected in REPORTED_SIZES.values() if expected}
    cards = re.findall(r'<p class="card__members">(.*?)</p>', home, re.S)
    # Eight networks report a size; EIN and ECOSOC report none. Each card (the featured
    # network's too) gives the size the network reports, never a count of what we store.
    assert len(cards) == 8
    assert all(any(size in text(card) for size in reported) for card in cards), cards
    # Networks that we store ASTRA's membership alone for list no members at all.
    for slug in ("la-strada-international", "gaatw", "missing-children-europe", "gmcn"):
        html = main(network_page(client, slug, language))
        assert 'class="member-count"' not in html
        assert "member-list" not in html


@pytest.mark.parametrize(
    ("language", "eight"),
    [
        ("en", "made up of eight independent organizations from Serbia"),
        ("sr-latn", "koju čini osam nezavisnih organizacija iz Srbije"),
        ("sr", "коју чини осам независних организација из Србије"),
    ],
)
def test_the_introduction_says_eight_independent_organizations(client, content, language, eight):
    assert eight in text(client.get(f"/{language}/").content.decode())


@pytest.mark.parametrize("language", LANGUAGES)
def test_ecosoc_is_a_status_not_a_network_with_members(client, content, language):
    html = main(network_page(client, "ecosoc", language))
    with translation.override(language):
        assert pgettext("heading on a network page", "Member organizations") not in html
        assert gettext("About the network") not in html
        assert gettext("ASTRA in this network") not in html
        assert gettext("About the status") in html
        since = gettext("since %(date)s") % {
            "date": {"en": "23 July 2019", "sr-latn": "23. jula 2019.", "sr": "23. јула 2019."}[
                language
            ]
        }
    # One statement of when, the most precise one.
    assert text(html).count(since) == 1
    assert "granted on" not in html
    assert "dodeljen" not in html


@pytest.mark.parametrize(
    ("language", "since"),
    [("en", "since July 2014"), ("sr-latn", "od jula 2014."), ("sr", "од јула 2014.")],
)
def test_gmcn_membership_says_since_when_once(client, content, language, since):
    page_text = text(main(network_page(client, "gmcn", language)))
    assert page_text.count(since) == 1
    assert re.search(r"(since|od|од) 2014\.? ·", page_text) is None


def test_ban_says_astra_led_the_project_not_that_it_leads_the_platform(client, content):
    english = text(main(network_page(client, "ban", "en")))
    latin = text(main(network_page(client, "ban", "sr-latn")))
    assert "leads the platform" not in english
    assert "ASTRA led the BAN project" in english
    assert "predvodi" not in latin
    assert "ASTRA je vodila projekat BAN" in latin
    # Nothing backs a founding year for the platform itself.
    assert gettext("Founded") not in english


def test_bans_serbian_says_what_the_seeds_serbian_says(client, content):
    latin = text(main(network_page(client, "ban", "sr-latn")))
    for sentence in (
        "zajedno sa šest partnerskih i 13 saradničkih NVO iz cele Evrope, započela realizaciju "
        "projekta „Balkans ACT (Against Crime of Trafficking) Now“",
        "nedavno je okončana treća faza razvoja BAN projekta",
        "Jedno od osnovnih usmerenja ovog projekta bilo je izgradnja kapaciteta NVO u regionu",
        "kao i da doprinese unapređenju kapaciteta, posvećenosti i uticaja mreža civilnog društva",
    ):
        assert sentence in latin
    assert "podržava" not in latin
    english = text(main(network_page(client, "ban", "en")))
    assert "The project was supported by the European Union under the EuropeAid programme" in (
        english
    )
    assert "and to contribute to improving the capacity, commitment and influence" in english


@pytest.mark.parametrize(
    ("language", "niš", "užice"),
    [
        ("en", "Centre for Girls – Niš", "Centre for Girls – Užice"),
        ("sr-latn", "Centar za devojke – Niš", "Centar za devojke – Užice"),
        ("sr", "Центар за девојке – Ниш", "Центар за девојке – Ужице"),
    ],
)
def test_the_two_centres_for_girls_are_told_apart_by_their_town(
    client, content, language, niš, užice
):
    directory = text(
        client.get(
            f"/{language}/" + ("organizations/" if language == "en" else "organizacije/")
        ).content.decode()
    )
    assert niš in directory
    assert užice in directory
    organization = MemberOrganization.objects.get(slug_en="centre-for-girls-nis")
    html = page(client, organization, language)
    assert f"<title>{niš} · ASTRA</title>" in html
    assert f"<h1>{niš}</h1>" in html
    # A name nobody else has needs no town.
    html = page(client, MemberOrganization.objects.get(slug_en="paor"), language)
    assert "– Зрењанин" not in html
    assert "– Zrenjanin" not in html


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("en", "ASTRA – Anti-Trafficking Action · ASTRA"),
        ("sr-latn", "ASTRA – Akcija protiv trgovine ljudima · ASTRA"),
        ("sr", "ASTRA – Акција против трговине људима · ASTRA"),
    ],
)
def test_astras_own_page_is_titled_with_its_full_name(client, content, language, title):
    html = page(client, MemberOrganization.objects.get(is_astra=True), language)
    assert f"<title>{title}</title>" in html
    assert "(ASTRA)" not in html


def test_serbian_names_the_at_network_antitrafiking_mreza_everywhere(client, content):
    for language, right, wrong in (
        ("sr-latn", "Antitrafiking mrež", "Anti-trafiking"),
        ("sr", "Антитрафикинг мреж", "Анти-трафикинг"),
    ):
        for url in (f"/{language}/", f"/{language}/organizacije/"):
            html = client.get(url).content.decode()
            assert wrong not in html
        html = network_page(client, "at-network", language)
        assert f"<h1>{right}a</h1>".replace("мрежa", "мрежа") in html
        assert wrong not in html
        for organization in MemberOrganization.objects.all():
            assert wrong not in page(client, organization, language)


def test_foreign_networks_keep_their_own_names_in_serbian(client, content):
    for language in ("sr-latn", "sr"):
        for slug, name in (
            ("ein", "European Implementation Network"),
            ("gmcn", "Global Missing Children’s Network"),
            ("missing-children-europe", "Missing Children Europe"),
        ):
            html = network_page(client, slug, language)
            assert f"<h1>{name}</h1>" in html
        html = text(main(network_page(client, "missing-children-europe", language)))
        assert "federacija za nestalu decu" not in html
        assert "федерација за несталу децу" not in html
    ein = text(main(network_page(client, "ein", "sr-latn")))
    assert "izvršenje presuda" in ein
    assert "primen" not in ein
    assert "извршење пресуда" in text(main(network_page(client, "ein", "sr")))


def test_serbian_acronyms_follow_the_script(client, content):
    cyrillic = client.get("/sr/organizacije/").content.decode()
    for acronym in ("БЦБП", "ЦПЕС", "ТС", "ЦИНС"):
        assert f'<span class="acronym">({acronym})</span>' in cyrillic
    for latin in ("BCBP", "CPES", "TS", "CINS"):
        assert f"({latin})" not in cyrillic
    # An acronym that is the name, or in it, is not repeated.
    for repeated in ("(PAOR)", "(ПАОР)", "(ASTRA)"):
        assert repeated not in cyrillic
    assert (
        '<span class="acronym">(BCBP)</span>'
        in client.get("/sr-latn/organizacije/").content.decode()
    )
    preugovor = text(main(network_page(client, "preugovor", "sr")))
    for acronym in ("(БЦБП)", "(ЦПЕС)", "(ТС)", "(ЦИНС)"):
        assert acronym in preugovor
