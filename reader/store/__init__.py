"""The SQLite library (sqlite-utils only; no Qt): schema, import, reading, search,
bookmarks and annotations."""
from .db import default_library_path, is_read_only, open_library
from .errors import (
                     DiskFullError,
                     LibraryDamagedError,
                     LibraryError,
                     LibraryReadOnlyError,
                     LibraryTooNewError,
                     NotALibraryError,
)

__all__ = ["DiskFullError", "LibraryDamagedError", "LibraryError", "LibraryReadOnlyError",
           "LibraryTooNewError", "NotALibraryError", "default_library_path", "is_read_only",
           "open_library"]
