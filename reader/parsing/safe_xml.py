"""Reading XML and HTML from untrusted files with lxml, safely: no network, no DTD, no
entity expansion (no "billion laughs", no external entities), no huge trees, a size limit."""
from __future__ import annotations

from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from .errors import NotAPageError

MAX_XML_BYTES = 200 * 1024 * 1024  # the largest ALTO pages of broadsheets are tens of MB

__all__ = ["MAX_XML_BYTES", "NotAPageError", "local", "parse_html", "parse_xml", "read_limited"]


def read_limited(path: Path) -> bytes:
    """A file's bytes, refusing files over the size limit (checked before reading)."""
    size = path.stat().st_size
    if size > MAX_XML_BYTES:
        raise NotAPageError(f"too large to read as XML ({size // (1024 * 1024)} MB; the limit is "
                            f"{MAX_XML_BYTES // (1024 * 1024)} MB)")
    if size == 0:
        raise NotAPageError("file is empty")
    return path.read_bytes()


def _xml_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True, remove_pis=True, recover=False)


def _declares_entities(data: bytes) -> bool:
    """Whether the document declares entities of its own (libxml2 still expands internal
    entities inside attribute values, where ALTO keeps its words). OCR never needs them."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return False
    return b"<!ENTITY" in data


def parse_xml(data: bytes) -> etree._Element:
    """The root element; NotAPageError with one line for anything that is not well-formed
    or that declares entities of its own."""
    if _declares_entities(data):
        raise NotAPageError("declares XML entities (refused: OCR files never need them)")
    try:
        root = etree.fromstring(data, _xml_parser())
    except etree.XMLSyntaxError as exc:
        message = (exc.msg or "syntax error").splitlines()[0]
        raise NotAPageError(f"not well-formed XML ({message}, line {exc.lineno})") from None
    if root is None:
        raise NotAPageError("not well-formed XML (no root element)")
    return root


def parse_html(data: bytes) -> etree._Element:
    """An (X)HTML document, read leniently as HTML (hOCR comes as both) but without network
    or entity expansion beyond HTML's own."""
    parser = lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True,
                                  huge_tree=False, default_doctype=False)
    try:
        root = lxml_html.document_fromstring(data, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise NotAPageError(f"not readable as HTML ({str(exc).splitlines()[0] if str(exc) else 'empty'})") from None
    return root


def local(element: etree._Element) -> str:
    """An element's name without its namespace ('' for comments and the like)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]
