"""Kept for callers written before `text/decoding.py` (the importer): same names."""
from .errors import NotAPageError
from .text.decoding import decode, decode_page_bytes, looks_binary, text_lines

__all__ = ["NotAPageError", "decode", "decode_page_bytes", "looks_binary", "text_lines"]
