"""Multi-page OCR files: page separators and running heads are page notes, not text."""
from reader.parsing.dispatch import parse_text
from reader.parsing.text.page_breaks import strip_page_breaks

ISSUE = """\
=====
PAGE 1
=====

# The Weekly Courier.

VOL. 2. SATURDAY, MARCH 3, 1888. No. 9.

## Harbour Works Begin.

The council voted on Monday to open the new quay, and the first stones were laid by the

=====
PAGE 2
=====

12
THE WEEKLY COURIER.

mayor himself before a large crowd of townspeople.

## Market Prices.

Wheat rose again this week.

=====
PAGE 3
=====

THE WEEKLY COURIER. 13

Barley held steady at the old price.
"""


def test_separators_running_heads_and_folios_become_notes():
    lines, notes = strip_page_breaks(ISSUE.splitlines())
    assert notes == ["PAGE 1", "PAGE 2", "12", "THE WEEKLY COURIER.", "PAGE 3", "THE WEEKLY COURIER. 13"]
    assert not any("=====" in line or "COURIER" in line for line in lines)


def test_article_cut_by_a_page_break_reads_on():
    page = parse_text(ISSUE).pages[0]
    harbour = page.articles[0]
    assert harbour.headline == "Harbour Works Begin."
    assert harbour.paragraphs == ["The council voted on Monday to open the new quay, and the first stones were"
                                  " laid by the mayor himself before a large crowd of townspeople."]
    assert "THE WEEKLY COURIER. 13" in page.extras
    assert all("PAGE" not in p for a in page.articles for p in a.paragraphs)


def test_a_lone_rule_without_a_page_label_is_left_alone():
    lines = ["Some text.", "", "=====", "", "More text."]
    assert strip_page_breaks(lines) == (lines, [])
