"""Articles keep their ids when a new version of their page replaces the old: an article
whose derived id changed (its headline was corrected) takes the id of the old part of the
page with most text in common, so that its bookmarks and annotations stay with it."""
from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database


@dataclass
class OldPart:
    """A part of the page as stored before this import replaced it."""
    article_id: str
    own_id: str
    text: str = ""


def old_parts(db: Database, page_id: int, source_name: str | None) -> list[tuple[int, OldPart]]:
    """(part id, part) of what the new file replaces: the whole page, or (per-file layouts)
    what the file of that name brought to it."""
    if source_name is None:
        rows = db.execute("SELECT id, article_id, own_id FROM article_parts WHERE page_id = ?",
                          [page_id]).fetchall()
    else:
        rows = db.execute(
            """SELECT article_parts.id, article_id, own_id FROM article_parts
               JOIN sources ON sources.id = article_parts.source_id
               WHERE article_parts.page_id = ? AND sources.name = ?""", [page_id, source_name]).fetchall()
    return [(row[0], OldPart(row[1], row[2])) for row in rows]


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


SAME_ARTICLE_SHARE = 0.6  # of the shorter text's character pairs, for "the same article"


def keep_ids(db: Database, own_ids: list[str], articles, old: list[tuple[int, OldPart]]) -> list[str]:
    """Own ids for the new parts: an article whose derived id is new (its headline was
    corrected) takes the id of the old part of this page with most text in common, so that
    its bookmarks and annotations stay with it."""
    old_ids = {part.own_id for _, part in old}
    unmatched = [i for i, own in enumerate(own_ids) if own not in old_ids]
    free = [(part_id, part) for part_id, part in old if part.own_id not in set(own_ids)]
    if not unmatched or not free:
        return own_ids
    for part_id, part in free:
        part.text = "".join(r[0] for r in db.execute(
            "SELECT text FROM paragraphs WHERE part_id = ? ORDER BY seq", [part_id]))
    scored = []
    for index in unmatched:
        new_pairs = _bigrams("".join(articles[index].paragraphs))
        for slot, (_, part) in enumerate(free):
            old_pairs = _bigrams(part.text)
            if not new_pairs or not old_pairs:
                continue
            share = len(new_pairs & old_pairs) / min(len(new_pairs), len(old_pairs))
            if share >= SAME_ARTICLE_SHARE:
                scored.append((share, index, slot))
    result = list(own_ids)
    taken_new, taken_old = set(), set()
    for _share, index, slot in sorted(scored, reverse=True):
        if index in taken_new or slot in taken_old:
            continue
        taken_new.add(index)
        taken_old.add(slot)
        result[index] = free[slot][1].own_id
    return result
