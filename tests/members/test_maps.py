import json
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from members.maps import DATA, Place, build_map

# WGS84, from GeoNames.
TOWNS = {
    "Beograd": (44.8176, 20.4569),
    "Niš": (43.3209, 21.8958),
    "Zrenjanin": (45.3816, 20.3686),
    "Užice": (43.8586, 19.8488),
    "Vranje": (42.5514, 21.9003),
    "Vlasotince": (42.9656, 22.1275),
    "Dimitrovgrad": (43.0167, 22.7833),
    "Prijepolje": (43.3897, 19.6514),
    "Sarajevo": (43.8563, 18.4131),
}


def place(name, count=1, country="RS"):
    latitude, longitude = TOWNS[name]
    return Place(name, country, latitude, longitude, count, f"/en/members/?town={name}")


def serbian_places():
    return [place("Beograd", 5), place("Niš", 2), place("Zrenjanin"), place("Užice")] + [
        place(name) for name in ("Vranje", "Vlasotince", "Dimitrovgrad", "Prijepolje")
    ]


def serbia_map(places=None):
    return build_map(
        serbian_places() if places is None else places,
        title="Members of the AT Network",
        description="Towns in Serbia where the network's member organizations are.",
    )


def marks_by_town(map_):
    return {mark.place.name: mark for mark in map_.marks}


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside each <title>."""

    def __init__(self, html):
        super().__init__()
        self.tags, self.titles, self._in_title = [], [], False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.titles.append(data)

    def all(self, tag):
        return [attrs for name, attrs in self.tags if name == tag]


def test_towns_all_in_serbia_give_a_map_of_serbia():
    map_ = serbia_map()
    assert [country.code for country in map_.countries if country.is_focus] == ["RS"]
    # The neighbours are drawn around it, lightly.
    drawn = {country.code for country in map_.countries}
    assert {"HU", "RO", "BG", "MK", "AL", "ME", "BA", "HR"} <= drawn
    # Kosovo is within Serbia's outline; the line between them is drawn apart, dashed.
    assert [border.name for border in map_.borders] == ["RS-XK"]
    assert map_.width == 600
    assert map_.viewbox == f"0 0 600 {map_.height}"
    assert map_.height > map_.width  # Serbia is taller than it is wide


def test_a_town_in_kosovo_is_on_the_map_of_serbia():
    kosovo = Place("Gračanica", "XK", 42.6, 21.19, 1, "/en/members/?town=gracanica")
    map_ = serbia_map([place("Niš"), kosovo])
    assert [country.code for country in map_.countries if country.is_focus] == ["RS"]


def test_towns_in_serbia_and_bosnia_give_a_map_of_the_region():
    towns = [place("Beograd", 5), place("Niš", 2), place("Sarajevo", 2, country="BA")]
    region = build_map(towns, title="Members", description="Towns in the region.")
    focus = {country.code for country in region.countries if country.is_focus}
    assert focus == {"RS", "BA"}
    bosnia = next(country for country in region.countries if country.code == "BA")
    assert bosnia.d.startswith("M")
    # The region's viewBox spans more ground: Belgrade and Niš come closer together.
    serbia = serbia_map()
    span = marks_by_town(serbia)["Niš"].y - marks_by_town(serbia)["Beograd"].y
    assert 0 < marks_by_town(region)["Niš"].y - marks_by_town(region)["Beograd"].y < span
    assert marks_by_town(region)["Sarajevo"].x < marks_by_town(region)["Beograd"].x


def test_marks_sit_where_the_towns_are():
    map_ = serbia_map()
    marks = marks_by_town(map_)
    for mark in map_.marks:
        assert mark.radius < mark.x < map_.width - mark.radius
        assert mark.radius < mark.y < map_.height - mark.radius
    assert marks["Beograd"].y < marks["Niš"].y  # Belgrade is north of Niš
    assert marks["Užice"].x < marks["Niš"].x  # Užice is west of Niš
    assert marks["Zrenjanin"].y < marks["Beograd"].y  # Zrenjanin is north of Belgrade
    assert marks["Vranje"].y > marks["Niš"].y
    assert marks["Dimitrovgrad"].x > marks["Vlasotince"].x > marks["Niš"].x


def test_marks_grow_gently_with_the_count_and_overlapping_marks_both_stay():
    twins = [place("Niš", 1), place("Niš", 10)]
    map_ = serbia_map(twins)
    small, large = map_.marks
    assert (small.x, small.y) == (large.x, large.y)
    assert small.radius < large.radius < 3 * small.radius
    assert [mark.radius for mark in map_.marks_drawn] == [large.radius, small.radius]


@pytest.mark.parametrize(
    "places",
    [[], [Place("Nowhere", "RS", None, None, 3, "/en/members/?town=nowhere")]],
)
def test_no_map_without_coordinates(places):
    assert build_map(places, title="Members", description="Nothing to show.") is None


def test_towns_without_coordinates_are_left_off_the_map():
    nowhere = Place("Nowhere", "RS", None, None, 3, "/en/members/?town=nowhere")
    map_ = serbia_map([place("Niš"), nowhere])
    assert [mark.place.name for mark in map_.marks] == ["Niš"]


def test_labels_name_the_town_and_count_the_organizations_in_english():
    with translation.override("en"):
        marks = marks_by_town(serbia_map())
    assert marks["Niš"].label == "Niš: 2 organizations"
    assert marks["Užice"].label == "Užice: 1 organization"


def test_labels_use_serbian_plural_forms():
    # The catalogue needs "%(town)s: %(count)s organization" / "...organizations".
    towns = [place("Užice", 1), place("Niš", 2), place("Beograd", 5), place("Zrenjanin", 21)]
    with translation.override("sr-latn"):
        marks = marks_by_town(serbia_map(towns))
    assert marks["Užice"].label == "Užice: 1 organizacija"
    assert marks["Niš"].label == "Niš: 2 organizacije"
    assert marks["Beograd"].label == "Beograd: 5 organizacija"
    assert marks["Zrenjanin"].label == "Zrenjanin: 21 organizacija"


@pytest.mark.parametrize("language", ["en", "sr-latn"])
def test_the_rendered_map_is_accessible_and_needs_no_script_or_style(language):
    with translation.override(language):
        map_ = serbia_map()
        html = render_to_string("includes/_map.html", {"map": map_})
    elements = Elements(html)
    (svg,) = elements.all("svg")
    (title,) = [attrs for attrs in elements.all("title") if "id" in attrs]
    (desc,) = elements.all("desc")
    assert svg["aria-labelledby"] == title["id"]
    assert svg["aria-describedby"] == desc["id"]
    assert "Members of the AT Network" in elements.titles
    assert "<figcaption" in html
    assert "Towns in Serbia where the network" in html

    # One link per mark, named by its label, inside the SVG; the same links in the list.
    links = [a for a in elements.all("a") if "aria-label" in a]
    assert sorted(a["aria-label"] for a in links) == sorted(m.label for m in map_.marks)
    assert {a["href"] for a in links} == {m.place.url for m in map_.marks}
    assert set(elements.titles) >= {m.label for m in map_.marks}
    assert len(elements.all("circle")) == len(map_.marks)
    assert len(elements.all("text")) == 2  # the count shows on Belgrade's and Niš's marks
    listed = html[html.index('<ul class="map__list"') :]
    for mark in map_.marks:
        assert f'<a href="{mark.place.url}">{mark.place.name} ({mark.place.count})</a>' in listed

    # A strict Content-Security-Policy holds, and SVG 2 needs no XLink.
    assert "<script" not in html
    assert "style=" not in html
    assert "xlink" not in html
    # Coordinates stay numbers in Serbian too ("12,5" would be no coordinate).
    assert "," not in svg["viewbox"]
    assert all("," not in c["cx"] + c["cy"] + c["r"] for c in elements.all("circle"))


def test_town_names_are_escaped():
    odd = Place('<b>"Bač"</b> & co', "RS", 45.39, 19.24, 1, "/en/members/?town=bac&x=1")
    html = render_to_string("includes/_map.html", {"map": serbia_map([odd])})
    assert "<b>" not in html
    assert "&lt;b&gt;&quot;Bač&quot;&lt;/b&gt; &amp; co" in html
    assert 'href="/en/members/?town=bac&amp;x=1"' in html


def test_the_map_of_serbia_stays_small():
    html = render_to_string("includes/_map.html", {"map": serbia_map()})
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert len(svg.encode()) < 16_000  # about 11 KB when written


def test_the_shipped_outlines_stay_small():
    data = json.loads(DATA.read_text(encoding="utf-8"))
    assert DATA.stat().st_size < 300_000
    (serbia,) = data["countries"]["RS"]  # one ring: Serbia with Kosovo
    assert 200 < len(serbia) < 500
    assert {"RS", "BA", "HR", "HU", "RO", "BG", "MK", "AL", "ME", "FR", "TR", "CY"} <= set(
        data["countries"]
    )
    assert "XK" not in data["countries"]
