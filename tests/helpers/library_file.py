"""The library file as bytes on disk: its page size, and damage as a failing disk does it."""
from __future__ import annotations

from pathlib import Path


def page_size(path: Path) -> int:
    """The library file's page size, from its header."""
    with open(path, "rb") as handle:
        return int.from_bytes(handle.read(18)[16:18], "big")


def damage(path: Path, *, pages: range) -> None:
    """Overwrite some pages of the file with garbage (as a failing disk would)."""
    size = page_size(path)
    assert pages.stop * size <= path.stat().st_size  # inside the file, not past its end
    with open(path, "r+b") as handle:
        for page in pages:
            handle.seek(page * size)
            handle.write(b"\xde\xad\xbe\xef" * (size // 4))
