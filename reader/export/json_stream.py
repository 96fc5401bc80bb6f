"""JSON written as it is made: a document whose one list is filled from an iterator, byte for
byte what json.dumps(..., ensure_ascii=False, indent=2) would write of the whole, so that a
list of a million items is never held."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

ITEMS = "\ue000"  # in a skeleton given to json_pieces: where the items go


def json_pieces(skeleton, items: Iterable) -> Iterator[str]:
    """json.dumps(SKELETON, ensure_ascii=False, indent=2) + "\n" with its list [ITEMS]
    holding ITEMS' items instead, byte for byte, an item at a time."""
    head, tail = json.dumps(skeleton, ensure_ascii=False, indent=2).split(json.dumps(ITEMS, ensure_ascii=False))
    indent = head[head.rindex("\n") + 1:]  # the items' depth
    encode = json.JSONEncoder(ensure_ascii=False, indent=2).encode
    written = False
    for item in items:
        yield (",\n" + indent if written else head) + encode(item).replace("\n", "\n" + indent)
        written = True
    # An empty list is written [].
    yield (tail if written else head.rstrip() + tail.lstrip()) + "\n"
