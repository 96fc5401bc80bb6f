"""The library's calendar (as Chronicling America's issue calendar): a month of one
publication with the days that have an issue marked; pick one to open that issue. It reads
one month at a time (the issues of one publication in one month)."""
from __future__ import annotations

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QComboBox, QLabel, QVBoxLayout, QWidget

from ..service import LibraryService

ISSUE_BACKGROUND = QColor("#f3d9a4")


class IssueCalendar(QWidget):
    issue_chosen = Signal(int)  # issue id
    message = Signal(str)

    def __init__(self, service: LibraryService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.publication = QComboBox(self)
        self.publication.setToolTip(self.tr("Publication shown in the calendar"))
        self.calendar = QCalendarWidget(self)
        self.calendar.setObjectName("issue_calendar")
        self.calendar.setGridVisible(False)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.legend = QLabel(self.tr("Marked days have an issue: click one to open it."), self)
        self.legend.setWordWrap(True)
        self.legend.setStyleSheet("color: gray")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.publication)
        layout.addWidget(self.calendar)
        layout.addWidget(self.legend)
        self.issues_by_date: dict[str, int] = {}
        self._marked: list[QDate] = []
        self.calendar.currentPageChanged.connect(self.mark_month)
        self.calendar.clicked.connect(self.choose)
        self.calendar.activated.connect(self.choose)
        self.publication.currentIndexChanged.connect(lambda _i: self.mark_month(
            self.calendar.yearShown(), self.calendar.monthShown()))
        self.reload_publications()

    def publication_id(self) -> int | None:
        return self.publication.currentData()

    def reload_publications(self) -> None:
        current = self.publication_id()
        self.publication.blockSignals(True)
        self.publication.clear()
        for pub in self.service.publication_names():
            self.publication.addItem(pub["name"], pub["id"])
        index = self.publication.findData(current)
        self.publication.setCurrentIndex(max(0, index))
        self.publication.setVisible(self.publication.count() > 1)
        self.publication.blockSignals(False)
        self.mark_month(self.calendar.yearShown(), self.calendar.monthShown())

    def show_issue(self, info) -> None:
        """Follow the open issue: its publication, its month, its day selected."""
        index = self.publication.findData(info.publication_id)
        if index >= 0 and index != self.publication.currentIndex():
            self.publication.setCurrentIndex(index)
        date = QDate.fromString(info.date or "", "yyyy-MM-dd")
        if date.isValid():
            self.calendar.setSelectedDate(date)  # turns the page: mark_month follows
            self.calendar.setCurrentPage(date.year(), date.month())

    def mark_month(self, year: int, month: int) -> None:
        for date in self._marked:
            self.calendar.setDateTextFormat(date, QTextCharFormat())
        self._marked, self.issues_by_date = [], {}
        publication_id = self.publication_id()
        if publication_id is None:
            return
        marked = QTextCharFormat()
        marked.setFontWeight(QFont.Weight.Bold)
        marked.setBackground(QBrush(ISSUE_BACKGROUND))
        marked.setForeground(QBrush(QColor("#202020")))
        for info in self.service.issues_in_month(publication_id, f"{year:04d}", f"{month:02d}"):
            date = QDate.fromString(info.date or "", "yyyy-MM-dd")
            if not date.isValid():
                continue
            self.issues_by_date.setdefault(info.date, info.id)
            tip = QTextCharFormat(marked)
            tip.setToolTip(" ".join(x for x in (info.publication, info.date, info.weekday, info.lunar_date) if x))
            self.calendar.setDateTextFormat(date, tip)
            self._marked.append(date)

    def has_issue(self, date: QDate) -> bool:
        return date.toString("yyyy-MM-dd") in self.issues_by_date

    def choose(self, date: QDate) -> None:
        issue_id = self.issues_by_date.get(date.toString("yyyy-MM-dd"))
        if issue_id is None:
            self.message.emit(self.tr("No issue of {publication} on {date}.").format(
                publication=self.publication.currentText(), date=date.toString("yyyy-MM-dd")))
            return
        self.issue_chosen.emit(issue_id)


def calendar_text_format_is_marked(calendar: QCalendarWidget, date: QDate) -> bool:
    """Whether DATE is drawn as a day with an issue (for tests and screenshots)."""
    return calendar.dateTextFormat(date).fontWeight() == QFont.Weight.Bold



