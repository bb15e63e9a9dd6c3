"""The body atlas: front and back views of the body, one shape per region, and its rendering."""

from triggerpoint.atlas.geometry import Atlas, Point, load_atlas
from triggerpoint.atlas.render import Marker, point_marker, referral_shades, render_svg, svg_to_png

__all__ = [
    "Atlas",
    "Marker",
    "Point",
    "load_atlas",
    "point_marker",
    "referral_shades",
    "render_svg",
    "svg_to_png",
]
