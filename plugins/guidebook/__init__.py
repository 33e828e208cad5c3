"""guidebook: a static site generator for a guidance knowledge base.

The package has three layers, each usable without the one above it:

- `guidebook.model` loads and validates the YAML knowledge base (no MkDocs);
- `guidebook.render` turns the model into Markdown pages and data files;
- `guidebook.plugin` (MkDocs) and `guidebook.cli` are thin adapters.
"""

__version__ = "0.1.0"
