"""Encodings: UTF-8 (BOM or not), UTF-16 (BOM or not), GB18030, Big5; damaged and
implausible bytes are refused naming the place; lenient decoding says what it replaced."""
from __future__ import annotations

import codecs

import pytest

from reader.parsing import NotAPageError, parse_bytes
from reader.parsing.text.decoding import decode

PAGE = "## 标题\n\n本报讯 记者王芳报道 今天天气很好，市民纷纷外出游玩。\n\n第二段落也在这里。\n"
TRADITIONAL = ("## 德共和國再生 波恩城懸旗誌慶\n\n聯合社波恩十日電 西德制憲議會已於今日正式公布德國聯邦"
               "共和國之憲法，各地懸旗誌慶，民眾歡欣鼓舞。\n\n憲法規定禁止侵略戰爭，人權一章承認人的尊嚴不可侵犯。\n")


@pytest.mark.parametrize("encoded, encoding", [
    (PAGE.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + PAGE.encode("utf-8"), "utf-8-sig"),
    (codecs.BOM_UTF16_LE + PAGE.encode("utf-16-le"), "utf-16-le"),
    (codecs.BOM_UTF16_BE + PAGE.encode("utf-16-be"), "utf-16-be"),
    (PAGE.encode("utf-16-le"), "utf-16-le"),
    (PAGE.encode("utf-16-be"), "utf-16-be"),
    (PAGE.encode("gb18030"), "gb18030"),
])
def test_page_encodings(encoded, encoding):
    parsed = parse_bytes(encoded)
    assert parsed.encoding == encoding
    assert parsed.page.articles[0].paragraphs == ["今天天气很好，市民纷纷外出游玩。", "第二段落也在这里。"]


def test_big5_traditional_page_is_read_not_mojibake():
    parsed = parse_bytes(TRADITIONAL.encode("big5"))
    assert parsed.encoding == "big5"
    article = parsed.page.articles[0]
    assert article.headline == "德共和國再生 波恩城懸旗誌慶"
    assert article.dateline == "聯合社波恩十日電"
    assert article.paragraphs[0].startswith("西德制憲議會")


def test_one_bad_byte_in_utf8_names_offset_and_line():
    raw = PAGE.encode("utf-8")
    at = raw.index("第二段".encode())
    damaged = raw[:at] + b"\xff" + raw[at + 1:]
    with pytest.raises(NotAPageError) as caught:
        parse_bytes(damaged)
    assert f"byte {at} (line 5)" in str(caught.value)


def test_lenient_replaces_bad_bytes_and_warns_with_offsets():
    raw = PAGE.encode("utf-8")
    at = raw.index("第二段".encode())
    damaged = raw[:at] + b"\xff" + raw[at + 1:]
    parsed = parse_bytes(damaged, lenient=True)
    assert any(f"byte {at} (line 5)" in warning for warning in parsed.warnings)
    assert "\ufffd" in parsed.page.articles[0].paragraphs[1]


def test_implausible_text_is_refused_naming_the_encoding():
    # UTF-16LE by its zero bytes, but the pairs decode to private-use characters.
    raw = b"".join(bytes([1 + i % 200, 0xE0]) + b"\n\x00" for i in range(200))
    with pytest.raises(NotAPageError, match="UTF-16"):
        decode(raw)


def test_valid_utf8_skips_detection(monkeypatch):
    import charset_normalizer

    def boom(*args, **kwargs):
        raise AssertionError("detector called for valid UTF-8")

    monkeypatch.setattr(charset_normalizer, "from_bytes", boom)
    assert decode(PAGE.encode("utf-8")).encoding == "utf-8"


def test_long_gb18030_page_is_not_taken_for_damaged_utf8():
    # Many GBK byte pairs happen to be valid two-byte UTF-8; the page is still GB18030.
    from helpers.paths import SAMPLE

    text = SAMPLE.read_text(encoding="utf-8")
    assert decode(text.encode("gb18030")).encoding == "gb18030"
    assert decode(("东湖晚报 2015年3月3日 星期二  \r\n第4版 社会  \r\n" + text).encode("gb18030")).text.startswith("东湖晚报")
