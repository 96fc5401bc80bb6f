"""Output formats: citations, annotation exchange formats, PDF."""
