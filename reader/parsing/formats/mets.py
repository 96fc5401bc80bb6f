"""METS with MODS and a LOGICAL structMap: a whole issue, its ALTO pages, and the archive's
own article map (which blocks make one article, across pages).

The METS file brings its ALTO pages (listed in its fileSec, read only from inside the METS
file's folder). Articles (`ARTICLE` divs) are titled by their HEADING blocks as printed (or
the MODS title, or the div's LABEL, where the heading has no text); an article spanning pages
is listed once, on its first page, with `continued_to`. Advertisements (`ADVERTISEMENT` divs,
or ALTO ComposedBlocks of TYPE Advertisement) are kept in the page notes (`extras`), not as
news; so is every block no article claims (mastheads, running heads).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..geometry import Region
from ..layout_assembly import build_pages
from ..layout_page import Plan, Sheet, classify_by_size, order_sheet
from ..model import Issue, ParsedPage, Publication
from ..page_images import IMAGE_SUFFIXES, find_image, named_candidates
from ..plausibility import ocr_warnings
from ..safe_xml import NotAPageError, local, parse_xml, read_limited
from .alto import read_alto

LAYOUT = "mets"
_ROOT_RE = re.compile(rb"<(?:[\w.-]+:)?mets[\s>]")
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"

HEADING_TYPES = {"HEADING", "TITLE", "HEADLINE", "HEADER"}
SUBHEAD_TYPES = {"SUBHEADLINE", "SUBHEADING", "SUBTITLE", "KICKER", "OVERLINE"}
CAPTION_TYPES = {"CAPTION"}
ARTICLE_TYPES = {"ARTICLE"}
ADVERT_TYPES = {"ADVERTISEMENT", "ADVERTISEMENTS", "ADVERTISING"}


def sniff(path: Path, head: bytes) -> bool:
    return bool(_ROOT_RE.search(head[:4096]))


@dataclass
class _File:
    id: str
    href: str
    mimetype: str
    group: str


@dataclass
class _Article:
    div: etree._Element
    areas: list[tuple[str, str, str]] = field(default_factory=list)  # (file id, begin id, role)


def alto_files(path: Path, root: etree._Element | None = None) -> list[Path]:
    """The ALTO files a METS file lists that exist inside its folder (for the importer:
    these are not imported on their own)."""
    path = Path(path)
    if root is None:
        root = parse_xml(read_limited(path))
    folder = path.parent.resolve()
    found = []
    for file in _files(root).values():
        if _is_text(file):
            located = _locate(folder, file.href)
            if located is not None:
                found.append(folder / located)
    return found


def parse(path: Path, *, publication: str | None = None) -> ParsedPage:
    path = Path(path)
    root = parse_xml(read_limited(path))
    if local(root) != "mets":
        raise NotAPageError(f"not METS (the root element is <{local(root)}>)")
    folder = path.parent.resolve()
    files = _files(root)
    pages = _physical_pages(root, files)
    if not pages:
        raise NotAPageError("METS lists no ALTO pages")
    sheets: list[Sheet] = []
    by_area: dict[tuple[str, str], list[Region]] = {}
    warnings: list[str] = []
    for index, (number, alto_file, image_files) in enumerate(pages):
        located = _locate(folder, alto_file.href)
        if located is None:
            raise NotAPageError(f"METS lists the ALTO page {alto_file.href!r}, which is not in its folder")
        alto_path = folder / located
        try:
            document = read_alto(alto_path, read_limited(alto_path), page_offset=index, number=number,
                                 image_folder=folder)
        except NotAPageError as exc:
            raise NotAPageError(f"{located}: {exc}") from None
        if len(document.sheets) != 1:
            raise NotAPageError(f"{located}: one ALTO page expected, found {len(document.sheets)}")
        sheet = document.sheets[0]
        image = next((found for f in image_files if (found := _locate(folder, f.href)) is not None), None)
        sheet.image = image or sheet.image
        sheets.append(sheet)
        for block_id, regions in document.regions_by_id.items():
            by_area[(alto_file.id, block_id)] = regions
        warnings += [f"{located}: {w}" for w in document.warnings]
    for sheet in sheets:
        classify_by_size(sheet)
        order_sheet(sheet)
    plans, claimed = _plans(root, by_area)
    extras = {index: [r for r in sheet.ordered if id(r) not in claimed] for index, sheet in enumerate(sheets)}
    positions = {id(r): (r.page, i) for sheet in sheets for i, r in enumerate(sheet.ordered)}
    plans.sort(key=lambda p: min((positions[id(r)] for r in (*p.headings, *p.body)), default=(0, 0)))
    parsed = ParsedPage(_publication(root, publication), _issue(root), build_pages(sheets, plans, extras),
                        layout=LAYOUT)
    parsed.warnings += warnings
    parsed.warnings += ocr_warnings(parsed.pages)
    parsed.inputs = [str(folder / _locate(folder, f.href)) for _, f, _ in pages]
    return parsed


# --- the file section and the physical pages -------------------------------------------------

def _files(root: etree._Element) -> dict[str, _File]:
    files = {}
    for element in root.iter():
        if local(element) != "file" or not element.get("ID"):
            continue
        href = next((loc.get(XLINK_HREF) or loc.get("href") or "" for loc in element if local(loc) == "FLocat"), "")
        group = element.getparent()
        names = []
        while group is not None and local(group) == "fileGrp":
            names.append(f"{group.get('ID') or ''} {group.get('USE') or ''}")
            group = group.getparent()
        files[element.get("ID")] = _File(element.get("ID"), href, (element.get("MIMETYPE") or "").lower(),
                                          " ".join(names).lower())
    return files


def _is_text(file: _File) -> bool:
    return "xml" in file.mimetype or file.href.lower().endswith(".xml") or "alto" in file.group


def _is_image(file: _File) -> bool:
    return file.mimetype.startswith("image/") or file.href.lower().endswith((*IMAGE_SUFFIXES, ".pdf"))


def _locate(folder: Path, href: str) -> str | None:
    """HREF (relative path or file:// URL) as a path relative to FOLDER, if it is a file
    inside it."""
    for candidate in named_candidates(href)[:1] or []:
        candidate = re.sub(r"^\./", "", candidate)
        try:
            resolved = (folder / candidate).resolve()
        except (OSError, RuntimeError):
            continue
        if resolved.is_relative_to(folder) and resolved.is_file():
            return resolved.relative_to(folder).as_posix()
    return None


def _physical_pages(root: etree._Element, files: dict[str, _File]) -> list[tuple[int | None, _File, list[_File]]]:
    """(page number, ALTO file, image files) per page, in page order."""
    pages = []
    for struct in _struct_maps(root, "PHYSICAL"):
        for div in struct.iter():
            if local(div) != "div":
                continue
            ids = [a.get("FILEID") for a in div.iter() if local(a) in ("fptr", "area") and a.get("FILEID")]
            own = [files[i] for i in ids if i in files]
            texts = [f for f in own if _is_text(f)]
            if not texts or any(local(d) == "div" for d in div.iterdescendants() if _has_text_file(d, files)):
                continue
            pages.append((_order(div), texts[0], [f for f in own if _is_image(f)]))
    if not pages:  # no physical map: the ALTO files in the order listed
        pages = [(None, f, []) for f in files.values() if _is_text(f)]
    if all(number is None for number, _, _ in pages):
        pages = [(index + 1, f, images) for index, (_, f, images) in enumerate(pages)]
    return pages


def _has_text_file(div: etree._Element, files: dict[str, _File]) -> bool:
    return any(local(a) in ("fptr", "area") and a.get("FILEID") in files and _is_text(files[a.get("FILEID")])
               for a in div.iter())


def _order(div: etree._Element) -> int | None:
    for attribute in ("ORDERLABEL", "ORDER"):
        value = (div.get(attribute) or "").strip()
        if value.isdigit():
            return int(value)
    return None


def _struct_maps(root: etree._Element, kind: str) -> Iterator[etree._Element]:
    for element in root:
        if local(element) == "structMap" and (element.get("TYPE") or "").upper() == kind:
            yield element


# --- the logical map: articles ---------------------------------------------------------------

def _plans(root: etree._Element, by_area: dict[tuple[str, str], list[Region]]) -> tuple[list[Plan], set[int]]:
    """One plan per ARTICLE div, with its regions by role; and the ids of every region an
    article claims (advertisements and everything else stay page notes)."""
    titles = _mods_titles(root)
    plans: list[Plan] = []
    claimed: set[int] = set()
    for struct in _struct_maps(root, "LOGICAL"):
        for div in struct.iter():
            if local(div) != "div":
                continue
            kind = (div.get("TYPE") or "").upper()
            if kind in ADVERT_TYPES:
                for region in _areas(div, by_area):
                    region.kind = "advertisement"
                continue
            if kind not in ARTICLE_TYPES or _inside_article(div):
                continue
            plan = Plan([], [])
            for region, role in _roles(div, by_area):
                if id(region) in claimed:
                    continue
                claimed.add(id(region))
                if role == "heading":
                    region.kind = "heading"
                    plan.headings.append(region)
                    continue
                if role in ("subhead", "caption"):
                    region.kind = role
                elif region.kind == "heading":
                    region.kind = "subhead"
                plan.body.append(region)
            if not plan.headings and not plan.body:
                continue
            if not any(r.words for r in plan.headings):
                plan.title = next((t for t in _dmd_titles(div, titles)), None) or (div.get("LABEL") or "").strip() or None
            plans.append(plan)
    return plans, claimed


def _inside_article(div: etree._Element) -> bool:
    parent = div.getparent()
    while parent is not None and local(parent) == "div":
        if (parent.get("TYPE") or "").upper() in ARTICLE_TYPES:
            return True
        parent = parent.getparent()
    return False


def _roles(div: etree._Element, by_area: dict[tuple[str, str], list[Region]]) -> Iterator[tuple[Region, str]]:
    for area in div.iter():
        if local(area) != "area":
            continue
        role = "body"
        parent = area.getparent()
        while parent is not None and parent is not div:
            kind = (parent.get("TYPE") or "").upper() if local(parent) == "div" else ""
            if kind in HEADING_TYPES:
                role = "heading"
                break
            if kind in SUBHEAD_TYPES:
                role = "subhead"
                break
            if kind in CAPTION_TYPES:
                role = "caption"
                break
            parent = parent.getparent()
        for region in by_area.get((area.get("FILEID") or "", area.get("BEGIN") or ""), []):
            yield region, role


def _areas(div: etree._Element, by_area: dict[tuple[str, str], list[Region]]) -> Iterator[Region]:
    for region, _ in _roles(div, by_area):
        yield region


def _mods_titles(root: etree._Element) -> dict[str, list[str]]:
    """MODS titles by dmdSec ID (titles without a letter or digit — a dash — left out)."""
    titles: dict[str, list[str]] = {}
    for section in root:
        if local(section) != "dmdSec" or not section.get("ID"):
            continue
        found = []
        for element in section.iter():
            if local(element) in ("title", "subTitle") and element.text and re.search(r"\w", element.text):
                found.append(" ".join(element.text.split()))
        titles[section.get("ID")] = found
    return titles


def _dmd_titles(div: etree._Element, titles: dict[str, list[str]]) -> Iterator[str]:
    for dmd in (div.get("DMDID") or "").split():
        if titles.get(dmd):
            yield " ".join(titles[dmd])


def _issue_sections(root: etree._Element) -> list[etree._Element]:
    """The MODS sections of the ISSUE div and of the divs around it (the volume, the
    title), nearest first."""
    sections = {section.get("ID"): section for section in root if local(section) == "dmdSec"}
    found: list[etree._Element] = []
    for struct in _struct_maps(root, "LOGICAL"):
        for div in struct.iter():
            if local(div) == "div" and (div.get("TYPE") or "").upper() == "ISSUE":
                node = div
                while node is not None and local(node) == "div":
                    found += [sections[i] for i in (node.get("DMDID") or "").split() if i in sections]
                    node = node.getparent()
                return found
    return found


def _issue(root: etree._Element) -> Issue:
    """The issue's date: from the MODS of the issue (or around it), else any MODS date."""
    for scope in (*_issue_sections(root), root):
        for element in scope.iter():
            if local(element) in ("dateIssued", "dateCreated") and element.text:
                date = _iso_date(element.text)
                if date:
                    return Issue(date=date)
    return Issue()


def _iso_date(text: str) -> str | None:
    text = text.strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:T.*)?", text)
    if match:
        year, month, day = match.groups()
    else:
        match = re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", text)
        if match:
            day, month, year = match.groups()
        else:
            match = re.fullmatch(r"(\d{4})[./]?(\d{2})[./]?(\d{2})", text)
            if not match:
                return None
            year, month, day = match.groups()
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return None
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def _publication(root: etree._Element, name: str | None) -> Publication:
    if name:
        return Publication(name=name)
    for section in _issue_sections(root):
        for element in section.iter():
            if local(element) == "title" and element.text and element.text.strip():
                return Publication(name=" ".join(element.text.split()))
    return Publication()


__all__ = ["alto_files", "find_image", "parse", "sniff"]
