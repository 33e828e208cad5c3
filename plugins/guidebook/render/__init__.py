"""The render layer: the model in, Markdown pages and data files out. No MkDocs here."""

from .assets import SITE_WIDE, Asset, assets, page_assets, published, scripts, stylesheets
from .data_files import DataFile, render_data_files
from .page_reuse import Rendering
from .pages import OVERVIEW_MARKER, Page, expand_overview, render_pages

__all__ = [
    "Asset",
    "SITE_WIDE",
    "page_assets",
    "published",
    "assets",
    "scripts",
    "stylesheets",
    "OVERVIEW_MARKER",
    "DataFile",
    "Page",
    "expand_overview",
    "render_data_files",
    "render_pages",
    "Rendering",
]
