"""The SQLite library (sqlite-utils only; no Qt): schema, import, reading, search,
bookmarks and annotations."""
from .db import LibraryError, default_library_path, open_library

__all__ = ["LibraryError", "default_library_path", "open_library"]
