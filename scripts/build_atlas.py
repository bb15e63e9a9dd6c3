"""Build the body atlas geometry (src/triggerpoint/atlas/atlas.json) from a half-body design.

The figure is designed once for the person's right half in a frame where ``u`` is the
distance from the midline and ``v`` the height from the top of the head (both in atlas
units). Each view lists its regions in priority order as strips of body parts; a region
takes what its strips cover of the smoothed silhouette minus what earlier regions took,
and any sliver left over joins the region it shares most border with. So the regions
tile the figure with no gaps or overlaps, and the left half is the exact mirror image.

Run: .venv/bin/python scripts/build_atlas.py   (needs the dev extra: shapely)
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import shapely
from shapely import affinity
from shapely.geometry import MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

WIDTH, HEIGHT, CENTRE = 200.0, 560.0, 100.0
OUT = Path(__file__).resolve().parent.parent / "src" / "triggerpoint" / "atlas" / "atlas.json"

Edge = Sequence[tuple[float, float]]  # (v, u) knots, v increasing


def interp(edge: Edge) -> Callable[[float], float]:
    vs, us = zip(*edge, strict=True)
    return lambda v: float(np.interp(v, vs, us))


class Part:
    """A body part between a medial and a lateral edge, each a function of height v."""

    def __init__(self, medial: Edge, lateral: Edge) -> None:
        self.medial, self.lateral = interp(medial), interp(lateral)
        self.top, self.bottom = max(medial[0][0], lateral[0][0]), min(medial[-1][0], lateral[-1][0])

    def strip(self, v0: float, v1: float, s0: float = 0.0, s1: float = 1.0) -> Polygon:
        """The patch between heights v0..v1 and fractions s0..s1 of the width (0 medial, 1 lateral)."""
        v0, v1 = max(v0, self.top), min(v1, self.bottom)
        vs = np.linspace(v0, v1, 24)

        def at(v: float, s: float) -> tuple[float, float]:
            m, lat = self.medial(v), self.lateral(v)
            return (m + s * (lat - m), v)

        return Polygon([at(v, s0) for v in vs] + [at(v, s1) for v in vs[::-1]])

    def whole(self) -> Polygon:
        return self.strip(self.top, self.bottom)


def box(u0: float, v0: float, u1: float, v1: float) -> Polygon:
    return Polygon([(u0, v0), (u1, v0), (u1, v1), (u0, v1)])


def ellipse(cu: float, cv: float, ru: float, rv: float) -> BaseGeometry:
    return affinity.scale(Point(cu, cv).buffer(1.0, 64), ru, rv)


HEAD = ellipse(0, 44, 25, 33)
EAR = ellipse(25.5, 51, 4.5, 9)
NECK = Part([(66, 0), (100, 0)], [(66, 13), (84, 14), (92, 17), (100, 22)])
TORSO = Part(
    [(94, 0), (330, 0)],
    [
        (94, 16),
        (98, 30),
        (103, 46),
        (110, 55),
        (124, 58),
        (140, 52),
        (150, 45),
        (175, 43),
        (228, 38),
        (258, 43),
        (288, 50),
        (305, 50),
        (318, 46),
        (330, 40),
    ],
)
ARM = Part(
    [(110, 46), (140, 49), (205, 56), (225, 58), (296, 63)],
    [(108, 57), (124, 61), (150, 64), (205, 69), (225, 71), (296, 76)],
)
PALM = Part([(294, 63), (322, 63.5)], [(294, 76), (306, 79), (322, 78)])
FINGERS = {  # medial to lateral: little, ring, middle, index; (u0, u1, tip v)
    "little-finger": (63.5, 67.0, 340),
    "ring-finger": (67.4, 70.9, 348),
    "middle-finger": (71.3, 74.8, 351),
    "index-finger": (75.2, 78.4, 347),
}
THUMB = Polygon([(76, 300), (80, 303), (85, 314), (88, 326), (85, 330), (81, 322), (76, 314)])
LEG = Part(
    [(312, 0), (320, 2.5), (360, 6), (400, 11), (425, 12), (455, 11), (498, 15), (510, 15)],
    [(292, 50), (330, 51), (370, 47), (400, 43), (425, 42), (450, 43), (475, 37), (498, 31), (510, 31)],
)
FOOT_FRONT = Polygon([(15, 508), (31, 508), (35, 520), (36, 532), (33, 542), (14, 544), (12, 530)])
FOOT_BACK = Polygon([(15, 506), (31, 506), (33, 522), (35, 540), (34, 552), (13, 554), (12, 536), (13, 520)])


def finger(u0: float, u1: float, tip: float) -> BaseGeometry:
    r = (u1 - u0) / 2
    return box(u0, 318, u1, tip - r).union(Point(u0 + r, tip - r).buffer(r, 16))


def silhouette(foot: Polygon) -> BaseGeometry:
    trunk = unary_union([HEAD, EAR, NECK.whole(), TORSO.whole(), ARM.whole(), LEG.whole()])
    trunk = trunk.buffer(4, 32).buffer(-4, 32)  # round the joins
    hand = unary_union([PALM.whole(), THUMB, *(finger(*f) for f in FINGERS.values())])
    half = unary_union([trunk, hand.buffer(0.6, 16).buffer(-0.6, 16), foot.buffer(1.5).buffer(-1.5)])
    return half.intersection(box(0, 0, WIDTH, HEIGHT))


def hand_regions(back: bool) -> list[tuple[str, BaseGeometry]]:
    fingers = [(name, finger(*f)) for name, f in FINGERS.items()]
    return [("thumb", THUMB), *fingers, ("hand-back" if back else "palm", PALM.strip(300, 330))]


def arm_regions(back: bool) -> list[tuple[str, BaseGeometry]]:
    a = ARM
    face = "back" if back else "front"
    upper = [("arm-outer", a.strip(140, 206, 0.72, 1.2)), ("arm-back", a.strip(140, 206, -0.3, 0.72))]
    if not back:
        upper = [
            ("arm-outer", a.strip(140, 206, 0.72, 1.2)),
            ("arm-inner", a.strip(140, 206, -0.3, 0.28)),
            ("arm-front", a.strip(140, 206, 0.28, 0.72)),
        ]
    return [
        *hand_regions(back),
        ("shoulder-side", a.strip(100, 140, 0.6, 1.3)),
        *upper,
        ("elbow-outer", a.strip(206, 226, 0.72, 1.2)),
        ("elbow-inner", a.strip(206, 226, -0.3, 0.28)),
        (f"elbow-{face}", a.strip(206, 226, 0.28, 0.72)),
        ("forearm-thumb-side", a.strip(226, 287, 0.74, 1.2)),
        ("forearm-little-finger-side", a.strip(226, 287, -0.3, 0.26)),
        (f"forearm-{face}", a.strip(226, 287, 0.26, 0.74)),
        (f"wrist-{face}", a.strip(287, 300, -0.3, 1.3)),
    ]


def leg_regions(back: bool) -> list[tuple[str, BaseGeometry]]:
    g = LEG
    if back:
        middle = [
            ("thigh-back-upper", g.strip(300, 355, 0.25, 0.78)),
            ("thigh-back-lower", g.strip(355, 398, 0.25, 0.78)),
            ("knee-back", g.strip(398, 425, 0.25, 0.75)),
            ("achilles", g.strip(485, 510, 0.2, 0.8)),
            ("calf-upper", g.strip(425, 458, 0.0, 0.8)),
            ("calf-lower", g.strip(458, 485, 0.0, 0.8)),
        ]
    else:
        middle = [
            ("thigh-front-upper", g.strip(300, 355, 0.25, 0.78)),
            ("thigh-front-lower", g.strip(355, 398, 0.25, 0.78)),
            ("knee-front", g.strip(398, 425, 0.25, 0.75)),
            ("ankle-front", g.strip(490, 512, 0.2, 0.8)),
            ("shin", g.strip(425, 490, 0.0, 0.72)),
        ]
    return [
        ("thigh-inner-upper", g.strip(290, 355, -0.2, 0.25)),
        ("thigh-inner-lower", g.strip(355, 398, -0.2, 0.25)),
        ("thigh-outer-upper", g.strip(300, 355, 0.78, 1.3)),
        ("thigh-outer-lower", g.strip(355, 398, 0.78, 1.3)),
        ("knee-inner", g.strip(398, 425, -0.2, 0.25)),
        ("knee-outer", g.strip(398, 425, 0.75, 1.3)),
        ("ankle-inner", g.strip(488 if back else 490, 512, -0.2, 0.2)),
        ("ankle-outer", g.strip(488 if back else 490, 512, 0.8, 1.3)),
        *middle,
        ("leg-outer", g.strip(425, 490, 0.72 if not back else 0.8, 1.3)),
    ]


def front_regions() -> list[tuple[str, BaseGeometry]]:
    t = TORSO
    return [
        ("eye", box(4, 41, 15, 49)),
        ("eyebrow", box(0, 35, 16, 41)),
        ("ear", EAR.buffer(0.5)),
        ("teeth-upper", box(0, 60, 9, 65.5)),
        ("teeth-lower", box(0, 65.5, 9, 71)),
        ("vertex", box(0, 0, 40, 17)),
        ("forehead", box(0, 17, 15, 35)),
        ("temple", box(15, 17, 40, 45)),
        ("cheek", box(0, 41, 22, 60).union(box(15, 45, 22, 60))),
        ("jaw", box(0, 55, 40, 80)),
        ("throat", box(0, 66, 5.5, 100)),
        ("neck-front", box(5.5, 66, 10, 100)),
        ("neck-side", box(10, 66, 30, 99)),
        ("shoulder-top", t.strip(94, 106, 0.0, 1.0).difference(box(0, 0, 10, 560))),
        *arm_regions(back=False),
        ("shoulder-front", t.strip(106, 140, 0.72, 1.3).union(ARM.strip(104, 140, -0.3, 0.6))),
        ("sternum", box(0, 100, 6, 178)),
        ("chest-side", t.strip(136, 205, 0.8, 1.05)),
        ("chest-upper", t.strip(100, 136, 0.0, 1.0)),
        ("breast", t.strip(136, 178, 0.0, 1.0)),
        ("abdomen-upper", t.strip(178, 238, 0.0, 1.0)),
        ("hip-side", t.strip(262, 312, 0.84, 1.2)),
        ("groin", Polygon([(4, 318), (46, 282), (60, 282), (60, 330), (4, 330)])),
        ("abdomen-lower", t.strip(238, 320, 0.0, 1.0)),
        *leg_regions(back=False),
        ("big-toe", box(10, 532, 19, 550)),
        ("toes", box(19, 532, 40, 550)),
        ("foot-top", FOOT_FRONT),
    ]


def back_regions() -> list[tuple[str, BaseGeometry]]:
    t = TORSO
    return [
        ("ear", EAR.buffer(0.5)),
        ("vertex", box(0, 0, 40, 17)),
        ("mastoid", box(16, 45, 40, 64)),
        ("head-back", box(0, 17, 40, 50)),
        ("occiput", box(0, 50, 40, 64)),
        (
            "neck-side",
            box(11.5, 64, 30, 96).difference(box(0, 90, 40, 100).difference(NECK.strip(90, 100, 0.8, 1.0))),
        ),
        ("neck-back-upper", box(0, 64, 20, 82)),
        ("neck-back-lower", box(0, 82, 20, 100)),
        ("shoulder-top", t.strip(94, 106, 0.0, 1.0).difference(box(0, 0, 10, 560))),
        *arm_regions(back=True),
        ("shoulder-back", t.strip(106, 140, 0.8, 1.3).union(ARM.strip(104, 140, -0.3, 0.6))),
        ("scapula-upper", box(22, 100, 50, 118)),
        ("scapula-medial", box(0, 100, 22, 172)),
        ("scapula-lower", Polygon([(22, 158), (44, 158), (36, 178), (28, 180), (22, 174)])),
        ("scapula", box(22, 118, 47, 160)),
        ("chest-side", t.strip(136, 205, 0.84, 1.05)),
        ("mid-back", box(0, 172, 40, 205)),
        ("ribs-back-lower", box(20, 205, 60, 228)),
        ("sacrum", Polygon([(0, 272), (9, 272), (7, 296), (3, 306), (0, 306)])),
        ("coccyx", box(0, 306, 4, 322)),
        ("sacroiliac", Polygon([(9, 272), (17, 274), (14, 296), (7, 296)])),
        ("low-back-upper", box(0, 205, 20, 246).union(box(0, 228, 60, 246))),
        ("iliac-crest", Polygon([(10, 260), (52, 252), (60, 252), (60, 272), (17, 274), (9, 272)])),
        ("low-back-lower", box(0, 246, 60, 272)),
        ("hip-side", t.strip(272, 312, 0.84, 1.2)),
        ("buttock-upper", box(0, 272, 60, 298)),
        ("buttock-lower", box(0, 298, 60, 336)),
        *leg_regions(back=True),
        ("heel", box(0, 506, 40, 522)),
        ("sole", box(0, 522, 40, 538)),
        ("forefoot-sole", box(0, 538, 40, 546)),
        ("big-toe", box(10, 546, 19.5, 560)),
        ("toes", box(19.5, 546, 40, 560)),
    ]


def _without_crumbs(geometry: BaseGeometry, least: float = 0.6) -> BaseGeometry:
    """Drop fragments too small to see or click; the sliver pass gives them to a neighbour."""
    parts = [g for g in getattr(geometry, "geoms", [geometry]) if g.geom_type == "Polygon" and g.area >= least]
    return unary_union(parts) if parts else Polygon()


def assign(shape: BaseGeometry, ordered: list[tuple[str, BaseGeometry]]) -> dict[str, BaseGeometry]:
    """Give each region what it covers of the shape minus what earlier regions took."""
    taken: BaseGeometry = Polygon()
    regions: dict[str, BaseGeometry] = {}
    for name, patch in ordered:
        piece = _without_crumbs(patch.intersection(shape).difference(taken))
        if piece.is_empty:
            continue
        regions[name] = regions[name].union(piece) if name in regions else piece
        taken = taken.union(piece)
    leftover = shape.difference(taken)
    for sliver in getattr(leftover, "geoms", [leftover]):
        if sliver.is_empty or sliver.area < 1e-4:
            continue
        best = max(regions, key=lambda n: regions[n].buffer(0.05).intersection(sliver.buffer(0.05)).area)
        regions[best] = regions[best].union(sliver)
    return regions


def to_full(name: str, half: BaseGeometry, midline: set[str], view: str) -> dict[str, BaseGeometry]:
    """Place the right-half design on the canvas for both sides of one view."""
    right_sign = -1 if view == "front" else 1  # the person's right is on the viewer's left in front
    # Simplify and snap to the 0.1 grid before mirroring, so both sides come out identical.
    half = shapely.set_precision(half.simplify(0.08), 0.1)
    right = affinity.affine_transform(half, [right_sign, 0, 0, 1, CENTRE, 0])
    left = affinity.affine_transform(half, [-right_sign, 0, 0, 1, CENTRE, 0])
    if name in midline:
        return {name: unary_union([right, left]).buffer(0.01).buffer(-0.01)}
    return {f"{name}-right": right, f"{name}-left": left}


def path_of(geometry: BaseGeometry) -> str:
    polygons = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
    parts = []
    for polygon in polygons:
        if polygon.is_empty or polygon.geom_type != "Polygon":
            continue
        for ring in [polygon.exterior, *polygon.interiors]:
            coords = list(ring.coords)[:-1]
            parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in coords) + "Z")
    return "".join(parts)


def build_view(view: str, midline: set[str]) -> dict[str, object]:
    shape = silhouette(FOOT_BACK if view == "back" else FOOT_FRONT)
    ordered = back_regions() if view == "back" else front_regions()
    halves = assign(shape, ordered)
    regions: dict[str, str] = {}
    for name, half in halves.items():
        for region_id, geometry in to_full(name, half, midline, view).items():
            regions[region_id] = path_of(geometry)
    outline = to_full("outline", shape, {"outline"}, view)["outline"]
    return {"outline": path_of(outline), "regions": dict(sorted(regions.items()))}


def main() -> None:
    import yaml

    data = OUT.parent.parent / "kb" / "data" / "regions.yaml"
    families = yaml.safe_load(data.read_text())["regions"]
    midline = {f["base"] for f in families if not f["sided"]}
    atlas = {
        "width": WIDTH,
        "height": HEIGHT,
        "note": "Generated by scripts/build_atlas.py; do not edit by hand.",
        "views": {view: build_view(view, midline) for view in ("front", "back")},
    }
    OUT.write_text(json.dumps(atlas, indent=1) + "\n")
    for view, content in atlas["views"].items():
        print(view, len(content["regions"]), "shapes")  # type: ignore[index]


if __name__ == "__main__":
    main()
