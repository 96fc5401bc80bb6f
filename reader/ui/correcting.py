"""Correcting the OCR in the window: Ctrl+E edits the selected passage (or the paragraph
under the cursor); corrected passages are underlined and show the original on hover; a
toggle shows the original OCR; undo and redo; the section list and the status bar mark
corrected articles; the Corrections panel lists them.

Installed on the main window by `install_corrections(window)`; everything else of it lives
here and in corrections_panel.py. The text stays the store's: an edit becomes the smallest
corrections that turn the passage into what was typed (store/corrections.py).
"""
from __future__ import annotations

import difflib

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QStyledItemDelegate,
    QToolTip,
    QWidget,
)

from ..store import corrections as store
from ..store.text import CORRECTABLE_BLOCKS, ArticleText, text_of
from ..store.writer import write_transaction
from .models import ID_ROLE, KIND_ROLE

EDITOR_SETTING = "corrections/editor"
# Changes closer than this many unchanged characters become one correction: "a b" fixed
# to "x y" is one correction of the passage, not two of a character each.
MERGE_GAP = 2
CORRECTED_MARK = "✎"


def edits_between(old: str, new: str) -> list[tuple[int, int, str]]:
    """The changes that turn OLD into NEW: (start, end, replacement) over OLD, in order."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    edits: list[list] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if edits and i1 - edits[-1][1] < MERGE_GAP:
            last = edits[-1]
            last[2] = last[2] + old[last[1]:i1] + new[j1:j2]
            last[1] = i2
        else:
            edits.append([i1, i2, new[j1:j2]])
    return [tuple(e) for e in edits]


class CorrectionsService(QObject):
    """The window's writes of corrections, queued on the service's one writer (results back
    on the GUI thread), and the signal that tells the views."""

    changed = Signal(str)  # article id
    failed = Signal(str)   # a one-line message

    def __init__(self, service, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service

    @property
    def db(self):
        return self.service.db  # the GUI thread's reading connection

    def edit(self, article_id: str, start: int, end: int, new_text: str, *, note: str | None = None,
             editor: str | None = None, on_done=None) -> bool:
        """Make START..END of the corrected text read NEW_TEXT, as the fewest corrections:
        one transaction, one change to undo (given to ON_DONE). False when nothing changed."""
        text = store.versions(self.db, article_id).corrected_text.text
        seen = text[start:end]
        edits = edits_between(seen, new_text)
        if not edits:
            return False

        def work(db) -> store.CorrectionChange:
            now = store.versions(db, article_id)
            if now is None or now.corrected_text.text[start:end] != seen:  # an import came between
                raise store.CorrectionError("the article changed meanwhile: open it again and correct it there")
            total = store.CorrectionChange(article_id)
            with write_transaction(db):
                for edit_start, edit_end, replacement in reversed(edits):  # later first: offsets hold
                    change = store.correct_span(db, article_id, start + edit_start, start + edit_end,
                                                replacement, note=note, editor=editor)
                    _compose(total, change)
            return total

        self._write(work, on_done)
        return True

    def apply(self, change: store.CorrectionChange, on_done=None) -> None:
        def work(db) -> store.CorrectionChange:
            store.apply_change(db, change)
            return change

        self._write(work, on_done)

    def revert(self, correction_id: str, on_done=None) -> None:
        self._write(lambda db: store.revert(db, correction_id), on_done)

    def _write(self, work, on_done) -> None:
        def done(change: store.CorrectionChange) -> None:
            if on_done is not None:
                on_done(change)
            self.changed.emit(change.article_id)
            self.service.annotations_changed.emit(change.article_id)  # highlights moved with the text

        self.service.write(work, on_done=done, on_error=self.failed.emit)

    def corrections(self, article_id: str | None = None) -> list:
        return store.list_corrections(self.db, article_id)

    def corrections_page(self, article_id: str | None, text: str | None, *, limit: int, offset: int) -> list:
        return store.corrections_page(self.db, article_id=article_id, text=text, limit=limit, offset=offset)

    def summary_job(self, article_id: str | None, text: str | None, on_done) -> None:
        """(corrections, in conflict) the panel's filter matches, counted off the GUI thread."""
        self.service.read_job(lambda db: store.corrections_summary(db, article_id=article_id, text=text), on_done)

    def correction(self, correction_id: str):
        return store.get_correction(self.db, correction_id)

    def counts(self, article_ids) -> dict[str, int]:
        """Corrections of ARTICLE_IDS (a few: those shown)."""
        return store.correction_counts(self.db, article_ids)

    def totals_job(self, on_done) -> None:
        """(corrections, articles with any) of the library, counted off the GUI thread."""
        self.service.read_job(store.correction_totals, on_done)


def _compose(total: store.CorrectionChange, change: store.CorrectionChange) -> None:
    """TOTAL followed by CHANGE, as one change (so that one undo takes back an edit)."""
    added_ids = {c.id for c in total.added}
    for correction in change.removed:
        if correction.id in added_ids:
            total.added = [c for c in total.added if c.id != correction.id]
        else:
            total.removed.append(correction)
    total.added += change.added


class CorrectionDialog(QDialog):
    """The passage as it reads, to edit; its original OCR beside it; a note."""

    def __init__(self, current: str, original: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Correct Text"))
        self.original = QLabel(original, self)
        self.original.setWordWrap(True)
        self.original.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.original.setTextFormat(Qt.TextFormat.PlainText)
        self.text = QPlainTextEdit(self)
        self.text.setPlainText(current)
        self.text.setTabChangesFocus(True)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("optional: why, or the source checked"))
        form = QFormLayout(self)
        form.addRow(self.tr("Original OCR"), self.original)
        form.addRow(self.tr("Corrected text"), self.text)
        form.addRow(self.tr("Note"), self.note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.resize(560, 300)

    def new_text(self) -> str:
        # One block, one line: line breaks typed into it are spaces.
        return " ".join(self.text.toPlainText().splitlines())

    def note_text(self) -> str | None:
        return self.note.text().strip() or None


class _SectionMarks(QStyledItemDelegate):
    """Marks corrected articles in the section list."""

    def __init__(self, controller: Correcting) -> None:
        super().__init__(controller.window)
        self.controller = controller

    def initStyleOption(self, option, index) -> None:  # noqa: N802 - Qt API
        super().initStyleOption(option, index)
        if index.data(KIND_ROLE) == "article" and self.controller.is_corrected(index.data(ID_ROLE)):
            option.text = f"{CORRECTED_MARK} {option.text}"  # in front: a long headline is elided


class Correcting(QObject):
    """The window's correction tools (one per window)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.view = window.view
        self.service = CorrectionsService(window.service, self)
        self.settings: QSettings = window.settings
        self.undo_stack: list[store.CorrectionChange] = []
        self.redo_stack: list[store.CorrectionChange] = []
        self.counts: dict[str, int] = {}  # corrections of the articles shown, read as they show
        self.totals: tuple[int, int] = (0, 0)  # (corrections, articles with any), read off the GUI thread
        self._totals_serial = 0
        self.dialog: CorrectionDialog | None = None
        self._text: ArticleText | None = None
        self._create_actions()
        self._create_panel()
        self.status_label = QLabel(window)
        window.statusBar().addPermanentWidget(self.status_label)
        window.panels.section_view.setItemDelegate(_SectionMarks(self))
        self.view.shown.connect(self._mark_corrections)
        self.view.viewport().installEventFilter(self)
        self.service.changed.connect(self._corrections_changed)
        self.service.failed.connect(
            lambda message: window.statusBar().showMessage(message.removeprefix("CorrectionError: "), 8000))
        window.service.library_changed.connect(self._refresh_counts)
        window.article_shown.connect(self._article_shown)
        self._refresh_counts()

    # --- actions --------------------------------------------------------------------------
    def _create_actions(self) -> None:
        w = self.window
        # Ctrl+E is the correction key (issue 13); the PDF export moves to Ctrl+Shift+E.
        w.commands.export_pdf.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.act_correct = self._action(self.tr("&Correct Text…"), self.edit_passage, "Ctrl+E", "correct")
        self.act_original = self._action(self.tr("Show &Original OCR"), self.toggle_original, "Ctrl+Alt+O",
                                         "show_original")
        self.act_original.setCheckable(True)
        self.act_search_original = self._action(self.tr("Search the Original OCR"), self._search_original, None,
                                                "search_original")
        self.act_search_original.setCheckable(True)
        self.act_undo = self._action(self.tr("&Undo Correction"), self.undo, None, "undo_correction")
        self.act_redo = self._action(self.tr("&Redo Correction"), self.redo, None, "redo_correction")
        # Ctrl+Z stays with the widget that has focus (the annotations panel has its own undo):
        # here it undoes corrections while the article or the corrections panel has it.
        for action, keys in ((self.act_undo, QKeySequence.StandardKey.Undo),
                             (self.act_redo, QKeySequence.StandardKey.Redo)):
            action.setShortcuts(QKeySequence.keyBindings(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.view.addAction(action)
        self.act_editor = self._action(self.tr("Editor &Name…"), self.ask_editor, None, "editor_name")
        menu = QMenu(self.tr("&Corrections"), w)
        w.menuBar().insertMenu(w.commands.help_menu.menuAction(), menu)  # before Help
        for action in (self.act_correct, self.act_undo, self.act_redo, None, self.act_original,
                       self.act_search_original, None, self.act_editor):
            menu.addSeparator() if action is None else menu.addAction(action)
        self.menu = menu
        self._update_undo_actions()

    def _action(self, text: str, slot, shortcut, name: str) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)
        return action

    def _create_panel(self) -> None:
        from .corrections_panel import CorrectionsPanel

        self.panel = CorrectionsPanel(self.service, self.window)
        self.window.panels.add_tab(self.panel, self.tr("Corrections"))
        # A read-only library: these write, so they are off with the rest.
        self.window.extra_write_controls += [self.act_correct, self.act_undo, self.act_redo,
                                             self.panel.revert_button]
        self.panel.open_requested.connect(self.jump_to)
        self.panel.revert_requested.connect(self.revert)
        for action in (self.act_undo, self.act_redo):
            self.panel.addAction(action)

    # --- editing -----------------------------------------------------------------------------
    def editor(self) -> str | None:
        return str(self.settings.value(EDITOR_SETTING, "") or "") or store.default_editor()

    def ask_editor(self) -> None:
        name, ok = QInputDialog.getText(self.window, self.tr("Editor Name"),
                                        self.tr("Your name, recorded with each correction you make:"),
                                        text=self.editor() or "")
        if ok:
            self.settings.setValue(EDITOR_SETTING, name.strip())

    def passage(self) -> tuple[int, int] | None:
        """The span to edit: the selection (within one block), else the block under the cursor."""
        article = self.view.article
        if article is None or self.act_original.isChecked():
            return None
        text = text_of(article)
        selection = self.view.selection_span()
        if selection is not None:
            span = text.span_at(selection[0])
            if span is not None and selection[1] <= span.end and span.block in CORRECTABLE_BLOCKS:
                return selection
            return None
        offset = self.view.text_offset(self.view.textCursor().position())
        span = text.span_at(offset) if offset is not None else None
        if span is None or span.block not in CORRECTABLE_BLOCKS:
            return None
        return span.start, span.end

    def edit_passage(self) -> CorrectionDialog | None:
        """Open the editor on the passage (Ctrl+E); the correction is made when it is accepted."""
        passage = self.passage()
        if passage is None:
            message = self.tr("Showing the original OCR: turn it off to correct.") if self.act_original.isChecked() \
                else self.tr("Select text within one paragraph, or put the cursor in the paragraph to correct.")
            self.window.statusBar().showMessage(message, 5000)
            return None
        article_id = self.view.article.id
        start, end = passage
        current = text_of(self.view.article).text[start:end]
        v = store.versions(self.service.db, article_id)
        original = self._original_of(v, start, end) if v is not None else current
        dialog = CorrectionDialog(current, original, self.window)
        dialog.accepted.connect(lambda: self._accepted(dialog, article_id, start, end))
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    @staticmethod
    def _original_of(v: store.Versions, start: int, end: int) -> str:
        """The original OCR of the blocks START..END of the corrected text touches."""
        corrected = v.corrected_text
        span = corrected.span_at(start)
        if span is None:
            return ""
        original = v.original_text.block(span.block, span.index)
        return v.original_text.text[original.start:original.end] if original is not None else ""

    def _accepted(self, dialog: CorrectionDialog, article_id: str, start: int, end: int) -> None:
        def done(change: store.CorrectionChange) -> None:
            self.undo_stack.append(change)
            self.redo_stack.clear()
            self._update_undo_actions()
            self.window.statusBar().showMessage(self.tr("Corrected; Ctrl+Z undoes it."), 5000)

        self.service.edit(article_id, start, end, dialog.new_text(), note=dialog.note_text(),
                          editor=self.editor(), on_done=done)

    def undo(self) -> None:
        if self.undo_stack:
            change = self.undo_stack.pop()
            self.redo_stack.append(change)
            self._update_undo_actions()
            self.service.apply(change.inverse())

    def redo(self) -> None:
        if self.redo_stack:
            change = self.redo_stack.pop()
            self.undo_stack.append(change)
            self._update_undo_actions()
            self.service.apply(change)

    def revert(self, correction_id: str) -> None:
        def done(change: store.CorrectionChange) -> None:
            self.undo_stack.append(change)
            self.redo_stack.clear()
            self._update_undo_actions()

        self.service.revert(correction_id, on_done=done)

    def _update_undo_actions(self) -> None:
        self.act_undo.setEnabled(bool(self.undo_stack))
        self.act_redo.setEnabled(bool(self.redo_stack))

    # --- showing --------------------------------------------------------------------------------
    def toggle_original(self) -> None:
        on = self.act_original.isChecked()
        self.window.service.show_original = on
        current = self.window.current_article_id
        if current:
            scroll = self.view.verticalScrollBar().value()
            self.window.open_article(current, record=False)
            self.view.verticalScrollBar().setValue(scroll)
        self._update_status()
        self.window.statusBar().showMessage(
            self.tr("Showing the original OCR, as imported (highlights hidden).") if on
            else self.tr("Showing the corrected text."), 4000)

    def _search_original(self) -> None:
        self.window.service.search_original = self.act_search_original.isChecked()
        panel = self.window.panels.search_panel
        if panel.field.text().strip():
            panel.run_search()

    def _corrections_changed(self, article_id: str) -> None:
        self._refresh_counts()
        self.window.navigation.reload_current()  # the section list shows corrected headlines
        if article_id == self.window.current_article_id:
            scroll = self.view.verticalScrollBar().value()
            self.window.open_article(article_id, record=False)
            self.view.verticalScrollBar().setValue(scroll)
        self.panel.refresh()

    def _article_shown(self, _article_id: str) -> None:
        if self.act_original.isChecked():
            self.view.set_annotations([])  # they stand on the corrected text
        self._update_status()

    def is_corrected(self, article_id: str | None) -> bool:
        """Whether ARTICLE_ID has corrections: looked up when first shown (an index key),
        then kept until corrections or the library change."""
        if not article_id:
            return False
        if article_id not in self.counts:
            if self.window.service.closed:  # a repaint while the window closes
                return False
            self.counts[article_id] = self.service.counts([article_id]).get(article_id, 0)
        return self.counts[article_id] > 0

    def _refresh_counts(self) -> None:
        """Corrections changed (or the library did): the marks are read again as they show,
        the library's totals off the GUI thread (they grow with it), the latest one kept."""
        self.counts = {}
        self.window.panels.section_view.viewport().update()
        self._update_status()
        self._totals_serial += 1
        serial = self._totals_serial

        def show(totals: tuple[int, int]) -> None:
            if serial == self._totals_serial and not self.window.service.closed:
                self.totals = totals
                self._update_status()
        self.service.totals_job(show)

    def _update_status(self) -> None:
        total, articles = self.totals
        current = self.window.current_article_id
        here = self.counts[current] if self.is_corrected(current) else 0
        parts = [self.tr("Original OCR shown")] if self.act_original.isChecked() else []
        if total:
            parts.append(self.tr("{mark} {here} here · {total} corrections in {articles} articles").format(
                mark=CORRECTED_MARK, here=here, total=total, articles=articles))
        self.status_label.setText(" · ".join(parts))

    def _mark_corrections(self) -> None:
        """Underline the corrected passages of the article shown (subtly: a dotted line in
        the accent colour); in original mode, hide highlights made on the corrected text."""
        article = self.view.article
        self._text = text_of(article) if article is not None and article.corrected else None
        if self._text is None:
            return
        fmt = QTextCharFormat()
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        fmt.setUnderlineColor(QColor(self.view.theme.accent))
        for placed in self._text.corrections:
            start = self.view.doc_position(placed.start)
            end = self.view.doc_position(placed.end)
            if start is None or end is None or end <= start:
                continue
            cursor = QTextCursor(self.view.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)

    def correction_at(self, offset: int):
        """The applied correction covering article-text OFFSET in the article shown."""
        if self._text is None:
            return None
        for placed in self._text.corrections:
            if placed.start <= offset < max(placed.end, placed.start + 1):
                return placed
        return None

    def tooltip_for(self, offset: int) -> str | None:
        placed = self.correction_at(offset)
        if placed is None:
            return None
        c = placed.correction
        lines = [self.tr("Original OCR: {text}").format(text=c.original or "∅")]
        who = " · ".join(x for x in (c.editor, c.created_at[:10]) if x)
        if who:
            lines.append(self.tr("Corrected: {who}").format(who=who))
        if c.note:
            lines.append(c.note)
        return "\n".join(lines)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.ToolTip and self._text is not None:
            position = self.view.cursorForPosition(event.pos()).position()
            offset = self.view.text_offset(position)
            tip = self.tooltip_for(offset) if offset is not None else None
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.view)
            else:
                QToolTip.hideText()
            return True
        return False

    def jump_to(self, correction_id: str) -> None:
        correction = self.service.correction(correction_id)
        if correction is None or not self.window.open_article(correction.article_id):
            return
        if self._text is None:
            return
        placed = next((p for p in self._text.corrections if p.correction.id == correction_id), None)
        if placed is not None:
            self.view.select_span(placed.start, placed.end)
            self.view.setFocus()


def install_corrections(window) -> Correcting:
    """Give WINDOW its correction tools (the one hook in main_window.py)."""
    window.corrections = Correcting(window)
    return window.corrections
