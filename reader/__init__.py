"""Dubao (读报): a desktop reader for digitised newspaper pages."""

__version__ = "0.1.0"
