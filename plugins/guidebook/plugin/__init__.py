"""The MkDocs adapter (registered as the `guidebook` entry point in `mkdocs.plugins`)."""

from .plugin import GuidebookPlugin

__all__ = ["GuidebookPlugin"]
