"""Build ``countries.json``, the country outlines that ``members/maps.py`` draws.

Source: Natural Earth's "Admin 0 – Countries" at 1:10m, version 4.1.0, in the public domain
(https://www.naturalearthdata.com/about/terms-of-use/), as repackaged in TopoJSON by the npm
package world-atlas 2.0.2 (https://github.com/topojson/world-atlas, file
``countries-10m.json``; the package's own ISC licence covers its scripts, not the data).

To regenerate, from the repository root (npm is only needed to fetch the package)::

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz && cd -
    python members/geodata/build.py /tmp/package/countries-10m.json

What it does, with the standard library only:

- decodes the TopoJSON (quantized, delta-encoded arcs shared between neighbours);
- keeps the countries that reach into a frame around Europe (Iceland to the Caspian, the
  North African coast to the North Cape) and names them by ISO 3166-1 alpha-2 code;
- draws Serbia as the Serbian state and UNSCR 1244 do: Natural Earth's "Serbia" and "Kosovo"
  merged into ``RS``, the line between them kept apart in ``lines["RS-XK"]``; Cyprus is
  merged with the other pieces of its island the same way;
- simplifies every shared arc once (Douglas–Peucker), so neighbours keep a common border
  with no gaps: finely for Serbia and its neighbours, coarsely for the rest of Europe;
- drops islands and holes too small to see, clips everything to the frame, and rounds
  coordinates to three decimals (about 100 m).

Output (compact JSON): ``{"source": ..., "countries": {"RS": [ring, ...], ...},
"lines": {"RS-XK": [line, ...]}}``, where a ring is an open list of ``[lon, lat]`` pairs
(the last point joins the first) and holes are rings of their own, so the map fills with
the even-odd rule.
"""

import argparse
import json
import math
import sys
from pathlib import Path

SOURCE = (
    "Natural Earth 1:10m Admin 0 - Countries, version 4.1.0 (public domain), "
    "from the npm package world-atlas 2.0.2; built by members/geodata/build.py"
)

# West, south, east, north (degrees): Europe with Iceland, Turkey, Cyprus and the Caucasus;
# the Azores, Madeira, the Canaries and Svalbard fall outside.
FRAME = (-24.6, 34.0, 50.7, 71.5)

# ISO 3166-1 numeric (world-atlas ids) to alpha-2, for every country that reaches the frame.
ALPHA2 = {
    "008": "AL", "012": "DZ", "020": "AD", "031": "AZ", "040": "AT", "051": "AM",
    "056": "BE", "070": "BA", "100": "BG", "112": "BY", "191": "HR", "196": "CY",
    "203": "CZ", "208": "DK", "233": "EE", "234": "FO", "246": "FI", "248": "AX",
    "250": "FR", "268": "GE", "276": "DE", "292": "GI", "300": "GR", "304": "GL",
    "336": "VA", "348": "HU", "352": "IS", "364": "IR", "368": "IQ", "372": "IE",
    "380": "IT", "398": "KZ", "422": "LB", "428": "LV", "438": "LI", "440": "LT",
    "442": "LU", "470": "MT", "492": "MC", "498": "MD", "499": "ME", "504": "MA",
    "528": "NL", "578": "NO", "616": "PL", "620": "PT", "642": "RO", "643": "RU",
    "674": "SM", "688": "RS", "703": "SK", "705": "SI", "724": "ES", "752": "SE",
    "756": "CH", "760": "SY", "788": "TN", "792": "TR", "804": "UA", "807": "MK",
    "826": "GB", "831": "GG", "832": "JE", "833": "IM", "840": "US",
}  # fmt: skip

# Pieces without a numeric code, by their Natural Earth name: Kosovo is drawn within Serbia;
# the rest of the island of Cyprus is drawn with Cyprus, so the island has no holes.
BY_NAME = {
    "Kosovo": "RS",
    "N. Cyprus": "CY",
    "Cyprus U.N. Buffer Zone": "CY",
    "Akrotiri": "CY",
    "Dhekelia": "CY",
}

# Serbia and its neighbours are drawn in detail; the rest only as the region map's setting.
FINE = {"RS", "HU", "RO", "BG", "MK", "AL", "ME", "BA", "HR"}
# Douglas–Peucker tolerance (degrees of latitude) and the smallest ring kept (square degrees).
FINE_TOLERANCE, FINE_MIN_AREA = 0.006, 0.002
COARSE_TOLERANCE, COARSE_MIN_AREA = 0.03, 0.02


class Arcs:
    """The topology's arcs, decoded. Points stay quantized integers, so the ends of
    neighbouring arcs match exactly; ``degrees`` turns them into longitude and latitude.
    A reference ``~i`` (negative) is arc ``i`` walked backwards, as in TopoJSON."""

    def __init__(self, topology):
        (sx, sy) = topology["transform"]["scale"]
        (tx, ty) = topology["transform"]["translate"]
        self.degrees = lambda p: (p[0] * sx + tx, p[1] * sy + ty)
        self.arcs = []
        for arc in topology["arcs"]:
            x = y = 0
            points = []
            for dx, dy in arc:
                x += dx
                y += dy
                points.append((x, y))
            self.arcs.append(points)

    def points(self, ref):
        return self.arcs[ref] if ref >= 0 else self.arcs[~ref][::-1]

    def ends(self, ref):
        points = self.points(ref)
        return points[0], points[-1]

    def chain(self, refs, *, closed):
        """Order arc references into sequences whose arcs meet end to start; with
        ``closed``, a sequence ends when it is back where it started (a ring)."""
        result, pending = [], list(refs)
        while pending:
            sequence = [pending.pop(0)]
            while True:
                last = self.ends(sequence[-1])[1]
                if closed and last == self.ends(sequence[0])[0]:
                    break
                following = next((r for r in pending if self.ends(r)[0] == last), None)
                if following is None:
                    break
                pending.remove(following)
                sequence.append(following)
            result.append(sequence)
        return result


def index(ref):
    return ref if ref >= 0 else ~ref


def polygons(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def rings_of(geometry):
    return [ring for polygon in polygons(geometry) for ring in polygon]


def code_of(geometry):
    if geometry.get("id") in ALPHA2:
        return ALPHA2[geometry["id"]]
    return BY_NAME.get(geometry["properties"]["name"])


def reaches_frame(geometry, arcs):
    west, south, east, north = FRAME
    return any(
        west <= lon <= east and south <= lat <= north
        for ring in rings_of(geometry)
        for ref in ring
        for lon, lat in map(arcs.degrees, arcs.points(ref))
    )


def douglas_peucker(points, tolerance):
    """Which points matter at ``tolerance``; the first and last always stay, so an arc
    shared by two countries ends where both expect it."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        farthest, at = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            if length:
                distance = abs(dy * (px - x1) - dx * (py - y1)) / length
            else:  # a closed arc (an island): measure from its starting point
                distance = math.hypot(px - x1, py - y1)
            if distance > farthest:
                farthest, at = distance, i
        if at is not None and farthest > tolerance:
            keep[at] = True
            stack += [(first, at), (at, last)]
    return keep


def simplify_arc(points, tolerance):
    """Douglas–Peucker in a plane where a degree of longitude is as long as on the ground."""
    squeeze = math.cos(math.radians(sum(p[1] for p in points) / len(points)))
    keep = douglas_peucker([(lon * squeeze, lat) for lon, lat in points], tolerance)
    return [p for p, k in zip(points, keep, strict=True) if k]


def area(ring):
    """Unsigned area in square degrees (longitude shrunk by latitude), by the shoelace rule."""
    squeeze = math.cos(math.radians(sum(p[1] for p in ring) / len(ring)))
    total = sum(
        x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)
    )
    return abs(total) / 2 * squeeze


def unwrapped(ring):
    """Rings that cross the antimeridian (Russia's) jump from 180° to -180°; make their
    longitudes continuous, or clipping would draw a band across the whole frame."""
    result = [ring[0]]
    for lon, lat in ring[1:]:
        previous = result[-1][0]
        lon += 360 * round((previous - lon) / 360)
        result.append((lon, lat))
    return result


def clip(ring, frame):
    """Sutherland–Hodgman: the part of a ring inside the frame (a rectangle)."""
    west, south, east, north = frame
    edges = (
        (lambda p: p[0] >= west, lambda a, b: cut_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: cut_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: cut_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: cut_y(a, b, north)),
    )
    for inside, cut in edges:
        if not ring:
            break
        result = []
        for a, b in zip(ring[-1:] + ring[:-1], ring, strict=True):
            if inside(b):
                if not inside(a):
                    result.append(cut(a, b))
                result.append(b)
            elif inside(a):
                result.append(cut(a, b))
        ring = result
    return ring


def cut_x(a, b, x):
    return (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))


def cut_y(a, b, y):
    return (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)


def rounded(points, *, closed):
    result = []
    for lon, lat in points:
        point = [round(lon, 3), round(lat, 3)]
        if not result or point != result[-1]:
            result.append(point)
    if closed and len(result) > 1 and result[0] == result[-1]:
        result.pop()
    return result


def build(topology):
    arcs = Arcs(topology)
    geometries = topology["objects"]["countries"]["geometries"]
    unknown = {
        g["properties"]["name"] for g in geometries if code_of(g) is None and reaches_frame(g, arcs)
    }
    if unknown:
        sys.exit(f"No ISO code for {sorted(unknown)}: add them to ALPHA2 or BY_NAME.")
    pieces = {}
    for geometry in geometries:
        if code_of(geometry) and reaches_frame(geometry, arcs):
            pieces.setdefault(code_of(geometry), []).append(geometry)

    # Rings of arc references per country. Pieces merged into one country lose the arcs
    # between them (each such arc is used by two pieces); the rest chain into the outline.
    rings, lines = {}, {}
    for code, parts in pieces.items():
        users = {}
        for number, part in enumerate(parts):
            for ring in rings_of(part):
                for ref in ring:
                    users.setdefault(index(ref), set()).add(number)
        internal = {arc for arc, owners in users.items() if len(owners) > 1}
        refs = [ref for part in parts for ring in rings_of(part) for ref in ring]
        if internal:
            outer = [ref for ref in refs if index(ref) not in internal]
            rings[code] = arcs.chain(outer, closed=True)
        else:
            rings[code] = [ring for part in parts for ring in rings_of(part)]
        if code == "RS":  # the line between Serbia and Kosovo, as Serbia's ring walks it
            serbia = next(part for part in parts if part.get("id") == "688")
            refs = [ref for ring in rings_of(serbia) for ref in ring if index(ref) in internal]
            lines["RS-XK"] = arcs.chain(refs, closed=False)

    # Simplify each arc once, as finely as the most detailed country that uses it.
    tolerance = {}
    for code, code_rings in rings.items():
        value = FINE_TOLERANCE if code in FINE else COARSE_TOLERANCE
        for ring in code_rings:
            for ref in ring:
                tolerance[index(ref)] = min(tolerance.get(index(ref), value), value)
    for sequences in lines.values():
        for ref in (ref for sequence in sequences for ref in sequence):
            tolerance[index(ref)] = FINE_TOLERANCE
    simple = {
        arc: simplify_arc(list(map(arcs.degrees, arcs.arcs[arc])), value)
        for arc, value in tolerance.items()
    }

    def points_of(sequence):
        points = []
        for ref in sequence:
            arc = simple[ref] if ref >= 0 else simple[~ref][::-1]
            points.extend(arc[1:] if points else arc)
        return points

    countries = {}
    for code in sorted(rings):
        min_area = FINE_MIN_AREA if code in FINE else COARSE_MIN_AREA
        kept = []
        outlines = [points_of(sequence)[:-1] for sequence in rings[code]]
        largest = max(map(area, outlines))
        for ring in outlines:
            # The largest ring stays however small, so Malta or Monaco are still drawn.
            if len(ring) < 3 or area(ring) < min(min_area, largest):
                continue
            ring = rounded(clip(unwrapped(ring), FRAME), closed=True)
            if len(ring) >= 3:
                kept.append(ring)
        if kept:
            countries[code] = kept
    return {
        "source": SOURCE,
        "countries": countries,
        "lines": {
            name: [rounded(points_of(sequence), closed=False) for sequence in sequences]
            for name, sequences in lines.items()
        },
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("topojson", type=Path, help="world-atlas 2.0.2 countries-10m.json")
    parser.add_argument(
        "--output",
        type=Path,
        default=Path(__file__).with_name("countries.json"),
        help="where to write (default: countries.json beside this script)",
    )
    args = parser.parse_args()
    data = build(json.loads(args.topojson.read_text(encoding="utf-8")))
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    args.output.write_text(text + "\n", encoding="utf-8")
    points = sum(len(ring) for rings in data["countries"].values() for ring in rings)
    print(f"{args.output}: {len(data['countries'])} countries, {points} points, {len(text)} bytes")


if __name__ == "__main__":
    main()
