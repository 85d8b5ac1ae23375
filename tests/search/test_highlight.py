from __future__ import annotations

from shinchoku.core.text import search_key
from shinchoku.search.highlight import highlight, match_spans, snippet


def keys(*words: str) -> list[str]:
    return [search_key(word) for word in words]


def test_a_full_width_query_marks_half_width_text_as_printed() -> None:
    assert highlight("YOUNG carer 支援", keys("ＹＯＵＮＧ")) == "<mark>YOUNG</mark> carer 支援"


def test_half_width_kana_with_voicing_marks_is_marked_whole() -> None:
    assert highlight("ﾔﾝｸﾞｹｱﾗｰの支援", keys("ヤングケアラー")) == "<mark>ﾔﾝｸﾞｹｱﾗｰ</mark>の支援"


def test_a_half_width_query_marks_full_width_text() -> None:
    assert highlight("ヤングケアラーの支援", keys("ｹｱﾗｰ")) == "ヤング<mark>ケアラー</mark>の支援"


def test_text_is_escaped_before_marks_are_added() -> None:
    marked = highlight('<script>alert("後見")</script> & 成年後見', keys("後見"))
    assert marked == (
        "&lt;script&gt;alert(&quot;<mark>後見</mark>&quot;)&lt;/script&gt; &amp; 成年<mark>後見</mark>"
    )


def test_a_query_spelling_html_matches_the_text_not_the_markup() -> None:
    assert highlight("a<b>c", keys("<b>")) == "a<mark>&lt;b&gt;</mark>c"


def test_a_match_across_a_line_wrap_space_is_marked_with_the_space() -> None:
    assert highlight("養成講 座を開いた", keys("講座")) == "養成<mark>講 座</mark>を開いた"


def test_overlapping_terms_become_one_mark() -> None:
    assert match_spans("成年後見制度", keys("後見", "見制")) == [(2, 5)]


def test_a_snippet_is_cut_around_the_first_match_with_ellipses() -> None:
    text = "あ" * 80 + "成年後見制度" + "い" * 80
    assert snippet(text, keys("後見"), width=5) == "…あああ成年<mark>後見</mark>制度いいい…"


def test_a_snippet_keeps_line_breaks_as_spaces() -> None:
    assert snippet("一行目\n福祉の二行目", keys("福祉")) == "一行目 <mark>福祉</mark>の二行目"


def test_there_is_no_snippet_when_nothing_matches() -> None:
    assert snippet("地域の見守り", keys("後見")) is None
