"""The masthead (报头) across the top of the window, drawn like a paper's nameplate: the
name large in a serif face between rules, the date, weekday, lunar date, issue number,
刊号 and the page being read around it."""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..fonts import SERIF_FAMILY
from .themes import THEMES, Theme


class Masthead(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(104)
        self.theme: Theme = THEMES["light"]
        self.name = ""
        self.left_lines: list[str] = []
        self.right_lines: list[str] = []
        self.page_line = ""

    def sizeHint(self):  # noqa: N802 - Qt API
        from PySide6.QtCore import QSize

        return QSize(800, 104)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.update()

    def show_issue(self, publication: dict | None, issue, page_number: int | None = None,
                   page_name: str | None = None) -> None:
        if issue is None:
            self.name, self.left_lines, self.right_lines, self.page_line = self.tr("Dubao 读报"), [], [], ""
            self.update()
            return
        publication = publication or {}
        self.name = issue.publication
        date_text = issue.date or self.tr("Undated")
        if issue.date:
            year, month, day = issue.date.split("-")
            date_text = self.tr("{year}/{month}/{day}").format(year=year, month=int(month), day=int(day))
        self.left_lines = [x for x in (date_text, " ".join(x for x in (issue.weekday, issue.lunar_date) if x)) if x]
        right = []
        if issue.number:
            right.append(self.tr("No. {number}").format(number=issue.number))
        if publication.get("cn_code"):
            right.append(self.tr("Serial {code}").format(code=publication["cn_code"]))
        self.right_lines = right
        self.set_page(page_number, page_name)

    def set_page(self, page_number: int | None, page_name: str | None) -> None:
        if page_number is None and not page_name:
            self.page_line = ""
        else:
            self.page_line = (self.tr("Page {number}").format(number=page_number) if page_number is not None else "")
            if page_name:
                self.page_line = f"{self.page_line}  {page_name}".strip()
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        rect = QRectF(self.rect())
        painter.fillRect(rect, QColor(self.theme.background))
        ink = QColor(self.theme.text)
        accent = QColor(self.theme.accent)
        muted = QColor(self.theme.muted)

        name_font = QFont(SERIF_FAMILY)
        name_font.setFamilies([SERIF_FAMILY])
        name_font.setPixelSize(44)
        name_font.setWeight(QFont.Weight.Bold)
        name_font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 112)
        painter.setFont(name_font)
        painter.setPen(accent)
        name_rect = QRectF(rect.left(), rect.top() + 6, rect.width(), 60)
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignCenter, self.name)

        small = QFont(SERIF_FAMILY)
        small.setFamilies([SERIF_FAMILY])
        small.setPixelSize(13)
        painter.setFont(small)
        painter.setPen(muted)
        line_height = QFontMetricsF(small).height()
        side_width = max(180.0, rect.width() * 0.22)
        for i, text in enumerate(self.left_lines):
            painter.drawText(QRectF(rect.left() + 16, rect.top() + 14 + i * line_height, side_width, line_height),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        for i, text in enumerate(self.right_lines):
            painter.drawText(QRectF(rect.right() - 16 - side_width, rect.top() + 14 + i * line_height, side_width,
                                    line_height), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)

        # Double rule under the nameplate, as printed papers have.
        y = rect.top() + 72
        painter.setPen(QPen(ink, 2.0))
        painter.drawLine(int(rect.left() + 12), int(y), int(rect.right() - 12), int(y))
        painter.setPen(QPen(ink, 0.8))
        painter.drawLine(int(rect.left() + 12), int(y + 4), int(rect.right() - 12), int(y + 4))
        if self.page_line:
            painter.setPen(ink)
            painter.drawText(QRectF(rect.left(), y + 8, rect.width(), line_height + 6), Qt.AlignmentFlag.AlignCenter,
                             self.page_line)
        painter.end()
