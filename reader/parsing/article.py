"""Kept for callers written before `text/` (the store): same names."""
from .text.assemble import JUMP_RE, build_article
from .text.joining import ends_sentence, is_box_like

__all__ = ["JUMP_RE", "build_article", "ends_sentence", "is_box_like"]
