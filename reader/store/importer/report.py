"""What an import did, file by file, and the one-paragraph summary people read."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 article', '2 articles' (PLURAL_FORM when adding an s is wrong)."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"


@dataclass
class FileResult:
    path: str
    status: str  # "imported" | "replaced" | "unchanged" | "failed" | "empty"
    articles: int = 0  # articles the file holds
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    layout: str | None = None  # ParsedPage.layout of the file
    gained: int = 0  # articles the library gained (a jumped half merged into a stored story: 0)


@dataclass
class ImportReport:
    results: list[FileResult] = field(default_factory=list)
    cancelled: bool = False
    files_found: int = 0  # page files discovery found (before any was read)
    empty_folders: list[str] = field(default_factory=list)  # folders with no page file in them
    committed: int = 0  # files whose writing is committed (what a stop keeps)

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def empty(self) -> list[FileResult]:
        """Files read and parsed that hold no article (a warning: nothing to read in them)."""
        return [r for r in self.results if r.status == "empty"]

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def articles(self) -> int:
        """Articles in the files imported or replaced."""
        return sum(r.articles for r in self.results if r.status in ("imported", "replaced"))

    @property
    def gained(self) -> int:
        """Articles the library holds now that it did not hold before."""
        return sum(r.gained for r in self.results if r.status in ("imported", "replaced"))

    def layouts(self) -> Counter:
        """Files read, per input layout."""
        return Counter(r.layout for r in self.results if r.layout and r.status != "failed")

    def summary(self) -> str:
        parts = [f"{self.count('imported'):,} imported"]
        if self.count("replaced"):
            parts.append(f"{self.count('replaced'):,} replaced")
        if self.count("unchanged"):
            parts.append(f"{self.count('unchanged'):,} unchanged")
        if self.empty:
            parts.append(f"{len(self.empty):,} with no article")
        parts.append(f"{len(self.failed):,} failed")
        text = ", ".join(parts) + f"; the library gained {plural(self.gained, 'article')}"
        if self.articles != self.gained and self.articles:
            text += f" ({plural(self.articles, 'article')} in the files)"
        layouts = self.layouts()
        if layouts:
            text += "; layouts: " + ", ".join(f"{name} {n:,}" for name, n in sorted(layouts.items()))
        return text + (" (cancelled)" if self.cancelled else "")
