"""The Jinja2 templates of the dashboard and the reports (autoescaped HTML and XML)."""
from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Path(__file__).parent / "templates"
env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "xml"],
                                                                                   default_for_string=True))
