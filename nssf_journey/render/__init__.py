"""Pictures of journeys: process diagrams (Graphviz), journey maps and charts (matplotlib).

Every function here takes a journey, its exact analysis or an array of numbers and returns text (DOT, SVG) or
bytes (PNG); nothing here reads journey files or decides where pictures are written.
"""

from .diagram import GraphvizMissing, dot_available, html_escape, journey_dot, render_dot
from .style import heat_bin, heat_colour, human_time

__all__ = [
    "GraphvizMissing", "dot_available", "heat_bin", "heat_colour", "html_escape", "human_time", "journey_dot",
    "render_dot",
]
