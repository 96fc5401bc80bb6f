"""File dialogs that never open the files they list.

Qt's file dialogs sniff the type of each listed file (QMimeDatabase reads its first bytes)
to choose an icon. When the folder holds the library, that opens and closes library.db and
its -wal/-shm files in our process — and on POSIX closing any descriptor of a file drops
every lock the process holds on it, so another process could write into the library under
our SQLite connection: the "database disk image is malformed" of issue 11. Every dialog of
the app is Qt's own (not the platform's, whose code we cannot constrain) with an icon
provider that decides from the name and stat() alone."""
from __future__ import annotations

from PySide6.QtCore import QFileInfo
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QStyle, QWidget


class NameOnlyIconProvider(QFileIconProvider):
    """Icons and type names from what stat() says (folder or file), never from content."""

    def __init__(self) -> None:
        super().__init__()
        self.setOptions(QFileIconProvider.Option.DontUseCustomDirectoryIcons)
        from PySide6.QtWidgets import QApplication

        style = QApplication.style()
        self._folder = style.standardIcon(QStyle.StandardPixmap.SP_DirIcon)
        self._file = style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        self._drive = style.standardIcon(QStyle.StandardPixmap.SP_DriveHDIcon)

    def icon(self, what) -> QIcon:  # type: ignore[override]
        if isinstance(what, QFileInfo):
            return self._folder if what.isDir() else self._file
        if what == QFileIconProvider.IconType.Drive:
            return self._drive
        if what in (QFileIconProvider.IconType.Folder, QFileIconProvider.IconType.Computer,
                    QFileIconProvider.IconType.Desktop, QFileIconProvider.IconType.Trashcan,
                    QFileIconProvider.IconType.Network):
            return self._folder
        return self._file

    def type(self, info: QFileInfo) -> str:  # type: ignore[override]
        if info.isDir():
            return "Folder"
        suffix = info.suffix()
        return f"{suffix.upper()} File" if suffix else "File"


_PROVIDER: NameOnlyIconProvider | None = None


def icon_provider() -> NameOnlyIconProvider:
    global _PROVIDER
    if _PROVIDER is None:
        _PROVIDER = NameOnlyIconProvider()
    return _PROVIDER


def file_dialog(parent: QWidget | None, caption: str, directory: str = "", name_filter: str = "") -> QFileDialog:
    """A Qt file dialog that reads no file's content (see the module's note)."""
    dialog = QFileDialog(parent, caption, directory, name_filter)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setOption(QFileDialog.Option.DontUseCustomDirectoryIcons, True)
    dialog.setIconProvider(icon_provider())
    return dialog


def open_file_names(parent: QWidget | None, caption: str, name_filter: str = "", directory: str = "") -> list[str]:
    dialog = file_dialog(parent, caption, directory, name_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return dialog.selectedFiles() if dialog.exec() else []


def existing_directory(parent: QWidget | None, caption: str, directory: str = "") -> str:
    dialog = file_dialog(parent, caption, directory)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return dialog.selectedFiles()[0] if dialog.exec() and dialog.selectedFiles() else ""


def save_file_name(parent: QWidget | None, caption: str, directory: str = "", name_filter: str = "",
                   default_suffix: str = "") -> str:
    dialog = file_dialog(parent, caption, directory, name_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    if default_suffix:
        dialog.setDefaultSuffix(default_suffix)
    return dialog.selectedFiles()[0] if dialog.exec() and dialog.selectedFiles() else ""
