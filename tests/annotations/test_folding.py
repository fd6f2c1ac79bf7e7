"""Folding for search (annotations.folding): the spellings a reader may type for the same
words fold to one form, and snippets highlight them on the original text, escaped."""

import pytest

from annotations.folding import fold, fold_with_offsets, snippet, terms


@pytest.mark.parametrize(
    ("one", "other"),
    [
        pytest.param("阿爾特曼", "阿尔特曼", id="traditional-name"),
        pytest.param("耗電", "耗电", id="traditional-word"),
        pytest.param("ＡＩ", "ai", id="full-width-latin"),
        pytest.param("AI", "ai", id="case"),
        pytest.param("Straße", "STRASSE", id="case-folding"),
        pytest.param("「好」。", '"好".', id="cjk-punctuation"),
        pytest.param("ｃｏｓｔ　falls", "cost falls", id="ideographic-space"),
        pytest.param("cafe\u0301", "café", id="decomposed-accent"),
    ],
)
def test_the_same_words_fold_to_one_form(one, other):
    assert fold(one) == fold(other)


def test_offsets_map_each_folded_character_back_to_the_original():
    folded, offsets = fold_with_offsets("Ｓtraße 耗電")
    assert folded == "strasse 耗电"
    assert offsets is not None
    assert offsets[folded.index("耗")] == 7
    assert offsets[-1] == len("Ｓtraße 耗電")


def test_query_words_are_folded_once_each_longest_first():
    assert terms("  ＡＩ ai  耗電量 ") == ["耗电量", "ai"]


def test_a_snippet_marks_the_matched_words_in_the_original_spelling():
    html = snippet("他說阿爾特曼的公司很耗電。", terms("阿尔特曼 耗电"))
    assert html == "他說<mark>阿爾特曼</mark>的公司很<mark>耗電</mark>。"


def test_a_snippet_escapes_the_text_before_marking_it():
    html = snippet('<script>alert("AI")</script> & AI', terms("ai"))
    assert "<script>" not in html
    assert (
        html
        == "&lt;script&gt;alert(&quot;<mark>AI</mark>&quot;)&lt;/script&gt; &amp; <mark>AI</mark>"
    )


def test_a_word_inside_an_html_entity_is_not_marked():
    # "amp" is in "&amp;" once escaped: matching runs on the text, not on the markup.
    assert snippet("A & B", ["amp"]) == "A &amp; B"


def test_a_long_text_is_cut_around_the_first_match():
    text = "word " * 40 + "energy use " + "more " * 40
    html = snippet(text, ["energy"], width=40)
    assert html.startswith("…")
    assert html.endswith("…")
    assert "<mark>energy</mark>" in html
    assert len(html) < 80


LONG = "他說" + "数据中心很耗電。" * 300 + "阿爾特曼說價格會下降。" + "其他的話。" * 300


@pytest.mark.parametrize(
    "folded",
    [
        pytest.param(None, id="no-hint"),
        pytest.param(fold(LONG), id="the-stored-form"),
        pytest.param("x" * 7 + fold(LONG), id="a-misleading-stored-form"),
    ],
)
def test_a_match_deep_in_a_long_text_is_found_whatever_the_hint(folded):
    words = terms("阿尔特曼")
    assert "<mark>阿爾特曼</mark>說價格" in snippet(LONG, words, folded=folded)


def test_a_match_cut_by_a_piece_boundary_is_still_found():
    for at in range(490, 505):
        text = "a" * at + "耗電量" + "b" * 600
        assert "<mark>耗電量</mark>" in snippet(text, terms("耗电量")), at


def test_no_match_in_the_stored_form_means_no_mark_and_no_search():
    assert snippet("Energy again.", ["energy"], folded="nothing here") == "Energy again."
