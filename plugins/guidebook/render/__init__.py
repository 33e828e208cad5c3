"""The render layer: the model in, Markdown pages and data files out. No MkDocs here."""

from .assets import Asset, assets, scripts, stylesheets
from .data_files import DataFile, render_data_files
from .pages import OVERVIEW_MARKER, Page, expand_overview, render_pages

__all__ = [
    "Asset",
    "assets",
    "scripts",
    "stylesheets",
    "OVERVIEW_MARKER",
    "DataFile",
    "Page",
    "expand_overview",
    "render_data_files",
    "render_pages",
]
