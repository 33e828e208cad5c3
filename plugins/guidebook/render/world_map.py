"""The countries page's world map: a static SVG drawn at build time from Natural Earth data.

The shapes come from the npm package `world-atlas` (Natural Earth 1:110m country
borders as TopoJSON), installed by `npm ci` from the project's package-lock.json.
Python decodes the TopoJSON itself, so the map needs no JavaScript in the browser
and no JavaScript at build time. Countries with case studies are links to their
pages, hatched and outlined (readable without colour) and named by `<title>`.
"""

from __future__ import annotations

import html
import json
import math
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pycountry

from ..model import Country, KnowledgeBase
from . import urls

ATLAS_FILE = Path("node_modules/world-atlas/countries-110m.json")
"""Where `npm ci` puts the atlas, relative to the folder holding package.json."""

WIDTH = 960
LEFT_OUT = {"010"}
"""ISO numeric codes not drawn: Antarctica takes a fifth of the map and has no case studies."""

Ring = list[tuple[float, float]]


class WorldAtlasMissing(RuntimeError):
    """The map data is not installed."""


def find_atlas(start: Path | None = None) -> Path:
    """Find the atlas the way Node resolves packages: in `node_modules` of this folder or a parent.

    The search starts from this package (an editable install lives in the project) and
    then from the working directory (a site built from a checkout).
    """
    starts = [start] if start else [Path(__file__).resolve().parent, Path.cwd().resolve()]
    for folder in starts:
        for candidate in [folder, *folder.parents]:
            if (candidate / ATLAS_FILE).is_file():
                return candidate / ATLAS_FILE
    raise WorldAtlasMissing("The world map data is missing: run `npm ci` in the project folder (or `make build`).")


@dataclass(frozen=True)
class Shape:
    numeric: str
    """ISO 3166-1 numeric code, as the atlas identifies countries."""
    rings: list[Ring]
    """Polygon rings in map coordinates (already projected)."""


def _equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """The Equal Earth projection (Šavrič, Patterson and Jenny, 2018): equal-area and pleasant for world maps."""
    a1, a2, a3, a4 = 1.340264, -0.081106, 0.000893, 0.003796
    theta = math.asin(math.sqrt(3) / 2 * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = 2 * math.sqrt(3) * math.radians(lon) * math.cos(theta) / (3 * (a1 + 3 * a2 * t2 + t6 * (7 * a3 + 9 * a4 * t2)))
    y = theta * (a1 + a2 * t2 + t6 * (a3 + a4 * t2))
    return x, y


X_MAX = _equal_earth(180, 0)[0]
Y_MAX = _equal_earth(0, 90)[1]
Y_SOUTH = _equal_earth(0, -60)[1]
"""The map is cut at 60°S (below every drawn country)."""
SCALE = WIDTH / (2 * X_MAX)
HEIGHT = round((Y_MAX - Y_SOUTH) * SCALE)


def _to_map(lon: float, lat: float) -> tuple[float, float]:
    x, y = _equal_earth(lon, lat)
    return (x + X_MAX) * SCALE, (Y_MAX - y) * SCALE


def _decode_arcs(topology: dict[str, Any]) -> list[Ring]:
    """TopoJSON arcs are delta-encoded, quantized positions: undo both, giving longitude and latitude."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(arcs: list[Ring], indexes: list[int]) -> Ring:
    """Join a ring's arcs; a negative index `~i` means arc `i` reversed. Shared end points are kept once."""
    points: Ring = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def _projected(ring: Ring) -> list[Ring]:
    """A ring in map coordinates; one crossing the 180th meridian (Russia, Fiji) is drawn on both edges.

    The ring is made continuous in longitude, then drawn once per side of the map it
    reaches; the part past the edge falls outside the map's outline, which clips it.
    """
    unwrapped: Ring = []
    shift = 0.0
    for lon, lat in ring:
        if unwrapped and abs(lon + shift - unwrapped[-1][0]) > 180:
            shift += 360 if unwrapped[-1][0] > lon + shift else -360
        unwrapped.append((lon + shift, lat))
    low, high = min(p[0] for p in unwrapped), max(p[0] for p in unwrapped)
    copies = [offset for offset in (-360, 0, 360) if low + offset < 180 and high + offset > -180]
    return [[_to_map(lon + offset, lat) for lon, lat in unwrapped] for offset in copies]


def _outline() -> str:
    """The map's edge: the 180th meridian on both sides, from pole to the cut at 60°S."""
    east = [_to_map(180, lat) for lat in range(90, -61, -5)]
    west = [_to_map(-180, lat) for lat in range(-60, 91, 5)]
    return _path_data([east + west])


@cache
def load_shapes(atlas: Path) -> tuple[Shape, ...]:
    topology = json.loads(atlas.read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology)
    shapes = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        numeric = geometry.get("id")
        if numeric in LEFT_OUT or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        rings = [projected for polygon in polygons for ring in polygon for projected in _projected(_ring(arcs, ring))]
        shapes.append(Shape(numeric or "", rings))
    return tuple(shapes)


def _path_data(rings: list[Ring]) -> str:
    """SVG path data rounded to a tenth of a unit, skipping points that round to the previous one."""
    parts = []
    for ring in rings:
        rounded: list[str] = []
        for x, y in ring:
            point = f"{x:.1f} {y:.1f}"
            if not rounded or rounded[-1] != point:
                rounded.append(point)
        if len(rounded) > 2:
            parts.append("M" + "L".join(rounded) + "Z")
    return "".join(parts).replace(".0 ", " ").replace(".0L", "L").replace(".0Z", "Z")


def _numeric_code(country: Country) -> str | None:
    record = pycountry.countries.get(alpha_2=country.code)
    return str(record.numeric) if record is not None else None


@dataclass(frozen=True)
class WorldMap:
    svg: str
    """The `<svg>` element, on one line so Markdown keeps it as one raw HTML block."""
    not_on_map: list[Country]
    """Countries with case studies that the map has no shape for (regions such as the EU are listed apart)."""


def _site_link(from_page: str, to_page: str) -> str:
    """A link between two pages' published URLs (raw HTML is not rewritten by the site generator)."""
    return posixpath.relpath(urls.site_url(to_page), urls.site_url(from_page) or ".") + "/"


def _country_links(kb: KnowledgeBase, page_path: str, shapes: dict[str, Shape]) -> Iterator[str]:
    for country in kb.countries_not_regions:
        shape = shapes.get(_numeric_code(country) or "")
        if shape is None:
            continue
        count = len(kb.case_studies_of_country[country.code])
        label = html.escape(f"{country.name}: {count} case {'study' if count == 1 else 'studies'}")
        href = _site_link(page_path, urls.country_page(country.code))
        yield (
            f'<a href="{href}" class="gb-map__country" data-country="{country.code}" aria-label="{label}">'
            f'<title>{label}</title><path d="{_path_data(shape.rings)}"/></a>'
        )


def world_map(kb: KnowledgeBase, page_path: str, atlas: Path | None = None) -> WorldMap:
    """The map for `page_path`: every country drawn, those with case studies linked to their pages."""
    shapes = load_shapes(atlas or find_atlas())
    by_code = {shape.numeric: shape for shape in shapes if shape.numeric}
    linked = {_numeric_code(country) for country in kb.countries_not_regions} & set(by_code)
    background = _path_data([ring for shape in shapes if shape.numeric not in linked for ring in shape.rings])
    count = len(linked)
    svg = (
        f'<svg class="gb-map" viewBox="0 0 {WIDTH} {HEIGHT}" xmlns="http://www.w3.org/2000/svg" role="group" '
        'aria-labelledby="gb-map-title gb-map-desc">'
        '<title id="gb-map-title">World map of case studies</title>'
        f'<desc id="gb-map-desc">{count} {"country has" if count == 1 else "countries have"} case studies; '
        "they are hatched, outlined and link to their pages. The table below lists every country.</desc>"
        '<defs><pattern id="gb-map-hatch" width="5" height="5" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect class="gb-map__hatch-ground" width="5" height="5"/>'
        '<line class="gb-map__hatch-line" x1="0" y1="0" x2="0" y2="5"/></pattern>'
        f'<clipPath id="gb-map-edge"><path d="{_outline()}"/></clipPath></defs>'
        '<g clip-path="url(#gb-map-edge)">'
        f'<path class="gb-map__land" aria-hidden="true" d="{background}"/>'
        + "".join(_country_links(kb, page_path, by_code))
        + "</g></svg>"
    )
    missing = [country for country in kb.countries_not_regions if _numeric_code(country) not in by_code]
    return WorldMap(svg, missing)
