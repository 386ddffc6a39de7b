"""Maps of where member organizations are, drawn on the server as inline SVG.

``build_map`` takes the towns (``Place``) and returns a ``Map`` that
``templates/includes/_map.html`` renders: Serbia when every town is in Serbia, otherwise
the region around the member countries. The outlines come from ``geodata/countries.json``
(Natural Earth, public domain; see ``geodata/README.md``), so a page with a map needs no
tiles, no script and no request to anyone else.

Serbia is drawn as the Serbian state and UNSCR 1244 draw it: Kosovo's area is part of
Serbia's, and the line between them is a thin dashed line (``Map.borders``).
"""

import functools
import itertools
import json
import math
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import ngettext

from members.geodata.build import clip, douglas_peucker

DATA = Path(__file__).with_name("geodata") / "countries.json"
SERBIA = "RS"
# Towns in Kosovo are in Serbia (UNSCR 1244); the data has no separate Kosovo.
SERBIA_CODES = frozenset({"RS", "XK"})
WIDTH = 600  # viewBox units; the page scales the map with CSS
# A map never gets taller than this many times its width, nor wider than 1 / it: a member
# in Norway and one in Greece still give a map that fits a screen.
MAX_ASPECT = 1.5
MARGIN = 0.06  # of the larger side, around what the map must show
MIN_MARGIN = 0.15  # degrees, so a single small country still has some setting
# A country's islands smaller than this share of its largest piece do not stretch a region
# map to reach them (Jan Mayen for Norway, Shetland's skerries for the United Kingdom).
MINOR_ISLAND = 0.003
# Points closer than this (viewBox units) to the simplified line are dropped: finer than
# anything a screen or a printer shows at the map's size.
TOLERANCE = 0.5
# Islands smaller than this (square viewBox units) are not drawn: on a map of all Europe,
# Greece's and Norway's smallest islands would double the SVG's size for a few dots.
SPECK = 3
# Rings are clipped a little outside the viewBox, so their cut edges are never seen.
BLEED = 8


@dataclass(frozen=True)
class Place:
    """A town with member organizations, as the caller gives it."""

    name: str  # in the page's language, e.g. "Niš"
    country: str  # ISO 3166-1 alpha-2, e.g. "RS"
    latitude: float | None
    longitude: float | None
    count: int  # organizations there
    url: str  # the directory filtered by this town

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True)
class Country:
    code: str
    d: str  # SVG path data
    is_focus: bool  # Serbia, or a member country on a region map


@dataclass(frozen=True)
class Border:
    """A line drawn apart from the outlines: the one between Serbia and Kosovo."""

    name: str
    d: str


@dataclass(frozen=True)
class Mark:
    place: Place
    x: float
    y: float
    radius: float
    label: str  # "Niš: 2 organizations", for the link's title and accessible name

    @property
    def shows_count(self):
        return self.place.count > 1


@dataclass(frozen=True)
class Map:
    viewbox: str
    width: int
    height: int
    title: str
    description: str
    countries: tuple[Country, ...]  # lightly drawn ones first, the focus on top
    borders: tuple[Border, ...]
    marks: tuple[Mark, ...]  # as the caller listed the places (for the list beside the map)
    dom_id: str = "map"  # prefix of the ids inside the SVG; unique per page

    @property
    def marks_drawn(self):
        """Large marks first, so a small one nearby stays on top and can be clicked."""
        return sorted(self.marks, key=lambda mark: -mark.radius)

    @property
    def title_id(self):
        return f"{self.dom_id}-title"

    @property
    def description_id(self):
        return f"{self.dom_id}-desc"


def build_map(places, *, title, description, dom_id="map"):
    """The map of ``places``, or None when none of them has coordinates."""
    places = [place for place in places if place.has_coordinates]
    if not places:
        return None
    geodata = _geodata()
    codes = {_country(place) for place in places}
    # What the map must show: Serbia, or every member country, and every town in any case.
    boxes = [geodata.main_boxes[code] for code in sorted(codes) if code in geodata.main_boxes]
    boxes += [(float(p.longitude), float(p.latitude)) * 2 for p in places]
    box = _framed(_union(boxes))

    countries, borders, height = _outlines(box, frozenset(codes))
    projection = _Projection(box)
    marks = []
    for place in places:
        x, y = projection(float(place.longitude), float(place.latitude))
        label = ngettext(
            "%(town)s: %(count)s organization",
            "%(town)s: %(count)s organizations",
            place.count,
        ) % {"town": place.name, "count": place.count}
        marks.append(
            Mark(
                place=place, x=round(x, 1), y=round(y, 1), radius=_radius(place.count), label=label
            )
        )
    return Map(
        viewbox=f"0 0 {WIDTH} {height}",
        width=WIDTH,
        height=height,
        title=title,
        description=description,
        countries=tuple(countries),
        borders=tuple(borders),
        marks=tuple(marks),
        dom_id=dom_id,
    )


# Enough for every page's map at once (a map per filtered directory page, per network)
# in a few megabytes.
@functools.lru_cache(maxsize=128)
def _outlines(box, codes):
    """The countries and borders of a map of ``box`` (``codes`` in focus), and its height.

    Projecting, clipping and simplifying the outlines is most of a map's cost (a tenth of
    a second), and depends only on these two: pages that show the same towns, or towns in
    the same region, share it. The result is immutable (tuples of frozen dataclasses).
    """
    geodata = _geodata()
    projection = _Projection(box)
    view = (-BLEED, -BLEED, WIDTH + BLEED, projection.height + BLEED)
    countries = []
    for code, rings in geodata.countries.items():
        paths = []
        for number, (ring_box, ring) in enumerate(rings):
            if _overlaps(ring_box, box):
                # The build script's clipping, in the map's plane: y grows downwards,
                # so the view's (left, top, right, bottom) is its (west, south, east, north).
                points = clip([projection(lon, lat) for lon, lat in ring], view)
                # Islands too small to see are left out; a country's largest piece never is
                # (rings come largest first).
                if number and _area(points) < SPECK:
                    continue
                paths.append(_path(_simplify(points, closed=True), closed=True))
        d = "".join(paths)
        if d:
            countries.append(Country(code=code, d=d, is_focus=code in codes))
    countries.sort(key=lambda country: country.is_focus)
    borders = []
    for name, lines in geodata.lines.items():
        d = "".join(
            _path(_simplify([projection(lon, lat) for lon, lat in line], closed=False))
            for line in lines
        )
        if d and any(country.code == name.split("-")[0] for country in countries):
            borders.append(Border(name=name, d=d))
    return tuple(countries), tuple(borders), round(projection.height)


def _country(place):
    # str(): a django-countries Country works as well as its code.
    code = str(place.country).upper()
    return SERBIA if code in SERBIA_CODES else code


def _radius(count):
    """Grows with the logarithm of the count: 8 for one organization, 11 for two, 18 for ten,
    so a big town stands out without hiding its neighbours."""
    return round(8 + 3 * math.log2(max(count, 1)), 1)


@dataclass(frozen=True)
class _Geodata:
    countries: dict  # code -> [(ring's box, ring)], ring = ((lon, lat), ...)
    lines: dict  # name -> [line]
    main_boxes: dict  # code -> box of the country without its minor islands


@functools.cache
def _geodata():
    data = json.loads(DATA.read_text(encoding="utf-8"))
    countries, main_boxes = {}, {}
    for code, rings in data["countries"].items():
        rings = sorted((tuple(map(tuple, ring)) for ring in rings), key=_area, reverse=True)
        countries[code] = [(_box(ring), ring) for ring in rings]
        largest = max(map(_area, rings))
        main_boxes[code] = _union(
            [_box(ring) for ring in rings if _area(ring) >= MINOR_ISLAND * largest]
        )
    lines = {
        name: [tuple(map(tuple, line)) for line in lines] for name, lines in data["lines"].items()
    }
    return _Geodata(countries=countries, lines=lines, main_boxes=main_boxes)


def _box(points):
    lons, lats = zip(*points, strict=True)
    return min(lons), min(lats), max(lons), max(lats)


def _union(boxes):
    west, south, east, north = zip(*boxes, strict=True)
    return min(west), min(south), max(east), max(north)


def _overlaps(a, b):
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _area(ring):
    """Twice the area of a ring, in the square of its units (the shoelace rule)."""
    if not ring:
        return 0
    return abs(
        sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))
    )


def _framed(box):
    """The box with a margin, widened or heightened to a shape that fits a page."""
    west, south, east, north = box
    squeeze = math.cos(math.radians((south + north) / 2))
    width, height = (east - west) * squeeze, north - south
    margin = max(MARGIN * max(width, height), MIN_MARGIN)
    width, height = width + 2 * margin, height + 2 * margin
    width, height = max(width, height / MAX_ASPECT), max(height, width / MAX_ASPECT)
    lon, lat = (west + east) / 2, (south + north) / 2
    return (
        lon - width / squeeze / 2,
        lat - height / 2,
        lon + width / squeeze / 2,
        lat + height / 2,
    )


class _Projection:
    """Equirectangular, a degree of longitude shortened by the cosine of the map's middle
    latitude: true to shape at the scale of a country or a region."""

    def __init__(self, box):
        self.west, south, _, self.north = box
        self.squeeze = math.cos(math.radians((south + self.north) / 2))
        self.scale = WIDTH / ((box[2] - self.west) * self.squeeze)
        self.height = (self.north - south) * self.scale

    def __call__(self, lon, lat):
        return (lon - self.west) * self.squeeze * self.scale, (self.north - lat) * self.scale


def _simplify(points, *, closed):
    """Douglas–Peucker at ``TOLERANCE`` (the build script's, on projected points): a map
    of all Europe keeps only what shows."""
    if closed and points:
        points = [*points, points[0]]
    if len(points) < 3:
        return points
    keep = douglas_peucker(points, TOLERANCE)
    points = [p for p, k in zip(points, keep, strict=True) if k]
    return points[:-1] if closed else points


def _path(points, *, closed=False):
    """Compact path data: an absolute start, then relative steps, in tenths of a unit.
    Rounded once, then differenced, so the rounding never accumulates."""
    tenths = []
    for x, y in points:
        point = (round(x * 10), round(y * 10))
        if not tenths or point != tenths[-1]:
            tenths.append(point)
    if closed and len(tenths) > 1 and tenths[0] == tenths[-1]:
        tenths.pop()
    if len(tenths) < (3 if closed else 2):
        return ""
    (x0, y0), steps = tenths[0], []
    for (ax, ay), (bx, by) in itertools.pairwise(tenths):
        steps += [bx - ax, by - ay]
    return f"M{_number(x0)} {_number(y0)}l{_numbers(steps)}{'z' if closed else ''}"


def _number(tenths):
    whole, tenth = divmod(abs(tenths), 10)
    text = f"{whole}.{tenth}" if tenth else str(whole)
    text = text.removeprefix("0") if whole == 0 and tenth else text
    return f"-{text}" if tenths < 0 else text


def _numbers(values):
    """Numbers separated by a space, or by nothing before a minus sign."""
    numbers = [_number(value) for value in values]
    return "".join(n if i == 0 or n.startswith("-") else f" {n}" for i, n in enumerate(numbers))
