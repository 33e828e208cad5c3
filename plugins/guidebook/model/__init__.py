"""The model layer: load, validate and resolve a knowledge base. It never imports MkDocs."""

from .knowledge_base import Country, KnowledgeBase
from .loading import Layout, load_knowledge_base
from .problems import InvalidKnowledgeBase, Problem
from .schema import CaseStudy, ChecklistItem, Facet, Link, Pillar, Principle, Synonyms

__all__ = [
    "CaseStudy",
    "ChecklistItem",
    "Country",
    "Facet",
    "InvalidKnowledgeBase",
    "KnowledgeBase",
    "Layout",
    "Link",
    "Pillar",
    "Principle",
    "Problem",
    "Synonyms",
    "load_knowledge_base",
]
