"""Headlines OCR left unmarked on Latin-script pages, and untitled items after an article."""
from reader.parsing.dispatch import parse_text
from reader.parsing.text.plain_heads import is_caps_line, is_title_line, opens_untitled_item

LONG = ("THE council met on Monday evening and heard the engineer's report on the works at the"
        " harbour, which he said would be finished before the winter storms began.")

PAGE = f"""\
# The Weekly Courier.

VOL. 2. SATURDAY, MARCH 3, 1888. No. 9.

A short note from the editor.

The New Harbour Works.

{LONG}

THE COST OF THE WORKS.

The whole sum voted was raised by a loan at four per cent from the county bank.

“Be not weary in well doing.”

## Market Prices.

WHEAT rose again this week, and the millers bought all that came in.

THE Gazette says that the fair will be held in May, as it was last year.

## The Weekly Courier.

TERMS, one dollar a year.
"""


def test_title_and_caps_lines():
    assert is_title_line("“Secretary Leiper” on the “American Sentinel.”")
    assert not is_title_line("And so they go, and the cause grows.")
    assert not is_title_line("A. T. J.")
    assert is_caps_line("RELIGION WITHOUT THE CHURCH.")
    assert not is_caps_line("OAKLAND, CAL., SEPTEMBER, 1886.")
    assert not is_title_line("青溪日报") and not is_caps_line("青溪日报")
    assert opens_untitled_item("THE Christian Statesman says that at Chautauqua")
    assert not opens_untitled_item("The readers of the SENTINEL must know")


def test_untitled_items_only_where_the_page_opens_its_articles_so():
    modern = PAGE.replace("THE council", "The council")
    prices = parse_text(modern).pages[0].articles[1]
    assert any("THE Gazette says" in p for p in prices.paragraphs)


def test_plain_line_headline_caps_subhead_and_untitled_items():
    page = parse_text(PAGE).pages[0]
    headlines = [a.headline for a in page.articles]
    assert headlines == ["The New Harbour Works.", "Market Prices."]
    harbour = page.articles[0]
    assert harbour.paragraphs[0] == LONG
    assert [harbour.paragraphs[i] for i in harbour.subheads] == ["THE COST OF THE WORKS."]
    assert "“Be not weary in well doing.”" in page.extras  # a column's filler, not the article's
    assert "A short note from the editor." in page.extras
    prices = page.articles[1]
    assert prices.paragraphs == ["WHEAT rose again this week, and the millers bought all that came in."]
    assert any("THE Gazette says" in extra for extra in page.extras)
    assert "TERMS, one dollar a year." in page.extras  # under the paper's name again: the page's
