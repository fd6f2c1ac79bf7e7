"""The anchoring engine: re-finding a highlighted passage after the article is revised.

Pure functions, no database: these tests run without Django set up.
"""

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from annotations.anchoring import CONTEXT_WIDTH, context_for, max_errors, relocate


def occurrences(text: str, needle: str) -> int:
    """How many times needle occurs in text, overlapping ones included (str.count skips
    them, and two overlapping copies of a passage with its context are a real tie)."""
    count, at = 0, text.find(needle)
    while at != -1:
        count += 1
        at = text.find(needle, at + 1)
    return count


ARTICLE = (
    "Training a frontier model now costs more than the data centre that hosts it. "
    "Most of that money goes to electricity, and most of the electricity to cooling.\n\n"
    "Inference is different. Every query is cheap, but there are billions of them, "
    "so the energy bill of a popular chatbot grows with its success.\n\n"
    "Efficiency gains help, yet each gain is spent on larger models. Economists call "
    "this the rebound effect; engineers call it the roadmap."
)

ARTICLE_ZH = (
    "训练一个前沿模型的成本，已经超过了承载它的数据中心。大部分钱花在电费上，"
    "而大部分电又用于冷却。\n\n"
    "推理则不同。每次查询都很便宜，但查询有数十亿次，所以热门聊天机器人的电费随着它的成功而增长。"
)


def highlight(text: str, quote: str, occurrence: int = 0) -> dict:
    """The stored selectors for the ``occurrence``-th ``quote`` in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    end = start + len(quote)
    prefix, suffix = context_for(text, start, end)
    return {"exact": quote, "prefix": prefix, "suffix": suffix, "start": start, "end": end}


def reanchor(text: str, sel: dict) -> tuple[int, int] | None:
    return relocate(text, sel["exact"], sel["prefix"], sel["suffix"], sel["start"], sel["end"])


def span_of(text: str, quote: str, occurrence: int = 0) -> tuple[int, int]:
    return highlight(text, quote, occurrence)["start"], highlight(text, quote, occurrence)["end"]


# --------------------------------------------------------------------------------------
# context_for
# --------------------------------------------------------------------------------------


def test_context_for_returns_up_to_32_code_points_either_side():
    text = "a" * 40 + "QUOTE" + "b" * 40
    prefix, suffix = context_for(text, 40, 45)
    assert prefix == "a" * CONTEXT_WIDTH
    assert suffix == "b" * CONTEXT_WIDTH


def test_context_for_is_shorter_at_the_edges_of_the_text():
    assert context_for("QUOTE and more", 0, 5) == ("", " and more")
    assert context_for("some QUOTE", 5, 10) == ("some ", "")


def test_context_for_counts_astral_characters_as_one_code_point():
    text = "😀𠀀ab|QUOTE|cd𠀀😀"
    start = text.index("QUOTE")
    assert context_for(text, start, start + 5, width=4) == ("😀𠀀ab|"[-4:], "|cd𠀀")


def test_context_for_clamps_stale_offsets_instead_of_raising():
    assert context_for("short", -5, 99) == ("", "")
    assert context_for("short", 3, 1) == ("sho", "rt")


# --------------------------------------------------------------------------------------
# relocate: the scenarios a revision produces
# --------------------------------------------------------------------------------------


def test_it_returns_the_same_span_when_the_text_is_unchanged():
    sel = highlight(ARTICLE, "the rebound effect")
    assert reanchor(ARTICLE, sel) == (sel["start"], sel["end"])


def test_it_shifts_the_span_exactly_when_text_is_inserted_before_the_passage():
    sel = highlight(ARTICLE, "billions of them")
    inserted = "A new opening paragraph about GPUs.\n\n"
    assert reanchor(inserted + ARTICLE, sel) == (
        sel["start"] + len(inserted),
        sel["end"] + len(inserted),
    )


def test_it_shifts_the_span_exactly_when_text_is_deleted_before_the_passage():
    sel = highlight(ARTICLE, "the rebound effect")
    removed = "Inference is different. "
    revised = ARTICLE.replace(removed, "")
    assert reanchor(revised, sel) == (sel["start"] - len(removed), sel["end"] - len(removed))


def test_it_keeps_the_span_when_text_after_the_passage_changes():
    sel = highlight(ARTICLE, "Training a frontier model")
    revised = ARTICLE.replace("the roadmap.", "the roadmap, and investors call it growth.")
    assert reanchor(revised, sel) == (sel["start"], sel["end"])


def test_it_follows_the_passage_when_a_word_right_next_to_it_changes():
    sel = highlight(ARTICLE, "the energy bill of a popular chatbot")
    revised = ARTICLE.replace("so the energy bill", "hence the energy bill").replace(
        "chatbot grows", "chatbot rises"
    )
    assert reanchor(revised, sel) == span_of(revised, "the energy bill of a popular chatbot")


def test_it_returns_none_when_the_quote_is_gone():
    sel = highlight(ARTICLE, "Every query is cheap, but there are billions of them")
    revised = ARTICLE.replace("Every query is cheap, but there are billions of them, so ", "")
    assert reanchor(revised, sel) is None


def test_it_returns_none_when_the_paragraph_holding_the_quote_is_deleted():
    sel = highlight(ARTICLE, "Every query is cheap")
    paragraphs = ARTICLE.split("\n\n")
    revised = "\n\n".join([paragraphs[0], paragraphs[2]])
    assert reanchor(revised, sel) is None


def test_it_returns_none_when_the_passage_is_rewritten():
    sel = highlight(ARTICLE, "each gain is spent on larger models")
    revised = ARTICLE.replace(
        "each gain is spent on larger models", "every saving funds a bigger network"
    )
    assert reanchor(revised, sel) is None


def test_it_finds_the_passage_when_its_paragraph_moves():
    sel = highlight(ARTICLE, "Efficiency gains help")
    first, second, third = ARTICLE.split("\n\n")
    revised = "\n\n".join([third, first, second])
    assert reanchor(revised, sel) == span_of(revised, "Efficiency gains help")


def test_it_finds_a_passage_that_moved_from_the_end_to_the_start():
    text = "Alpha beta gamma delta.\n\nThe cooling load doubles every summer."
    sel = highlight(text, "The cooling load doubles")
    revised = "The cooling load doubles every summer.\n\nAlpha beta gamma delta."
    assert reanchor(revised, sel) == (0, len("The cooling load doubles"))


def test_it_chooses_by_context_when_the_quote_is_duplicated_elsewhere():
    sel = highlight(ARTICLE, "the energy bill")
    revised = (
        "Readers asked about the energy bill first.\n\n"
        + ARTICLE
        + "\n\nA footnote on the energy bill."
    )
    assert reanchor(revised, sel) == span_of(revised, "the energy bill", occurrence=1)


def test_it_chooses_the_occurrence_whose_context_matches_among_many():
    text = " ".join(f"Section {i}: the cost rises." for i in range(30))
    sel = highlight(text, "the cost", occurrence=17)
    revised = "Preface. " + text
    assert reanchor(revised, sel) == span_of(revised, "the cost", occurrence=17)


def test_it_returns_none_when_identical_occurrences_have_no_matching_context():
    old = "Opening words here. The model grew. Closing words there."
    sel = highlight(old, "The model grew")
    revised = "Xylophone quartz jig. The model grew. Vexing wombat fjord. The model grew. Zest."
    assert reanchor(revised, sel) is None


def test_it_prefers_the_old_position_when_two_copies_have_the_same_context():
    paragraph = "Inference is cheap per query but expensive in aggregate."
    text = "\n\n".join([paragraph, "Something else entirely.", paragraph])
    sel = highlight(text, "expensive in aggregate", occurrence=1)
    revised = "Intro.\n\n" + text
    assert reanchor(revised, sel) == span_of(revised, "expensive in aggregate", occurrence=1)


def test_it_accepts_a_unique_occurrence_whose_context_does_not_contradict_it():
    sel = highlight(ARTICLE, "Economists call this the rebound effect")
    revised = ARTICLE.replace("Efficiency gains help, yet", "Efficiency gains matter, but")
    assert reanchor(revised, sel) == span_of(revised, "Economists call this the rebound effect")


def test_it_still_anchors_when_punctuation_inside_the_quote_changes():
    quote = "Every query is cheap, but there are billions of them"
    sel = highlight(ARTICLE, quote)
    revised = ARTICLE.replace("cheap, but", "cheap but")
    assert reanchor(revised, sel) == span_of(revised, "Every query is cheap but there")[:1] + (
        span_of(revised, "Every query is cheap but there are billions of them")[1],
    )


def test_it_still_anchors_when_ascii_punctuation_becomes_full_width():
    quote = "每次查询都很便宜，但查询有数十亿次，所以"
    sel = highlight(ARTICLE_ZH, quote)
    revised = ARTICLE_ZH.replace("，", ",").replace("。", ".")
    new_quote = quote.replace("，", ",")
    assert reanchor(revised, sel) == span_of(revised, new_quote)


def test_it_still_anchors_when_quotes_and_dashes_become_typographic():
    text = 'As one engineer put it, "cooling - not compute - sets the bill." Then she left.'
    sel = highlight(text, '"cooling - not compute - sets the bill."')
    revised = text.replace('"cooling', "\u201ccooling").replace('bill."', "bill.\u201d")
    revised = revised.replace(" - ", " \u2014 ")
    new_quote = "\u201ccooling \u2014 not compute \u2014 sets the bill.\u201d"
    assert reanchor(revised, sel) == span_of(revised, new_quote)


def test_it_follows_a_small_edit_inside_the_passage():
    quote = "Most of that money goes to electricity, and most of the electricity to cooling"
    sel = highlight(ARTICLE, quote)
    revised = ARTICLE.replace("goes to electricity", "goes straight to electricity")
    assert reanchor(revised, sel) == span_of(revised, quote.replace("goes", "goes straight"))


def test_it_keeps_an_inserted_word_at_the_end_of_the_passage_inside_it():
    quote = "so the energy bill of a popular chatbot"
    sel = highlight(ARTICLE, quote)
    revised = ARTICLE.replace("popular chatbot", "popular new chatbot")
    assert reanchor(revised, sel) == span_of(revised, "so the energy bill of a popular new chatbot")


def test_it_orphans_the_passage_when_the_edit_inside_exceeds_the_error_budget():
    quote = "so the energy bill of a popular chatbot"
    sel = highlight(ARTICLE, quote)
    revised = ARTICLE.replace("popular chatbot", "popular consumer-grade chatbot")
    assert len("consumer-grade ") > max_errors(len(quote))
    assert reanchor(revised, sel) is None


def test_it_follows_a_typo_fix_inside_a_chinese_passage():
    quote = "所以热门聊天机器人的电费随着它的成功而增长"
    sel = highlight(ARTICLE_ZH, quote)
    revised = ARTICLE_ZH.replace("热门聊天", "流行聊天")
    assert reanchor(revised, sel) == span_of(revised, quote.replace("热门", "流行"))


def test_it_returns_none_when_most_words_of_a_chinese_passage_change():
    quote = "大部分钱花在电费上"
    sel = highlight(ARTICLE_ZH, quote)
    revised = ARTICLE_ZH.replace(quote, "多数预算用于购买芯片")
    assert reanchor(revised, sel) is None


def test_it_never_fuzzy_matches_a_very_short_quote():
    text = "The GPU and the CPU."
    sel = highlight(text, "GPU")
    revised = "The TPU and the CPU."
    assert max_errors(3) == 0
    assert reanchor(revised, sel) is None


def test_it_handles_astral_characters_before_the_passage():
    text = "Energy 😀 and 𠀀 symbols. The rebound effect eats efficiency gains."
    sel = highlight(text, "The rebound effect")
    revised = "😀😀 𠀀𠀀𠀀 " + text
    start, end = reanchor(revised, sel)
    assert revised[start:end] == "The rebound effect"
    assert start == sel["start"] + len("😀😀 𠀀𠀀𠀀 ")


def test_it_handles_astral_characters_inside_the_passage():
    text = "Before. Costs 📈 while 𠀀 models grow 🚀 fast. After."
    quote = "Costs 📈 while 𠀀 models grow 🚀 fast"
    sel = highlight(text, quote)
    revised = "An opening sentence with 🚀. " + text.replace("grow", "grew")
    assert reanchor(revised, sel) == span_of(revised, quote.replace("grow", "grew"))


def test_it_returns_none_for_an_empty_quote():
    assert relocate(ARTICLE, "", "", "", 0, 0) is None


def test_it_returns_none_in_an_empty_text():
    sel = highlight(ARTICLE, "the roadmap")
    assert reanchor("", sel) is None


@pytest.mark.parametrize(("start", "end"), [(-10, -5), (10_000, 10_020), (50, 40), (0, 0)])
def test_it_treats_stale_or_nonsense_offsets_as_a_mere_hint(start, end):
    quote = "the rebound effect"
    prefix, suffix = context_for(ARTICLE, *span_of(ARTICLE, quote))
    assert relocate(ARTICLE, quote, prefix, suffix, start, end) == span_of(ARTICLE, quote)


def test_it_anchors_a_quote_that_is_the_whole_text():
    assert relocate("All of it.", "All of it.", "", "", 0, 10) == (0, 10)
    assert relocate("Now: All of it.", "All of it.", "", "", 0, 10) == (5, 15)


def test_it_rejects_a_look_alike_that_slid_into_the_old_offsets():
    text = "Why does cooling matter? It costs. Why does storage matter? It waits."
    sel = highlight(text, "matter? It costs")
    revised = "Why does storing matter? It waits. And more."
    assert reanchor(revised, sel) is None


# --------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------

# Words over a mixed alphabet: Latin, CJK, an astral CJK Extension B character and emoji.
LETTERS = "abcdefghijklmnopqrstuvwxyz能源成本训练模型电网" + "𠀀𠀁😀🚀"
words = st.text(alphabet=LETTERS, min_size=1, max_size=8)
sentences = st.lists(words, min_size=3, max_size=12).map(lambda ws: " ".join(ws) + ".")
texts = st.lists(sentences, min_size=2, max_size=12).map(" ".join)

PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@st.composite
def text_and_span(draw, min_len: int = 1):
    text = draw(texts)
    assume(len(text) > min_len)
    start = draw(st.integers(0, len(text) - min_len))
    end = draw(st.integers(start + min_len, min(len(text), start + 80)))
    return text, start, end


@PROPERTY_SETTINGS
@given(text_and_span())
def test_property_an_unchanged_text_returns_the_same_span(case):
    text, start, end = case
    prefix, suffix = context_for(text, start, end)
    assert relocate(text, text[start:end], prefix, suffix, start, end) == (start, end)


@PROPERTY_SETTINGS
@given(text_and_span(min_len=4), texts, st.booleans(), st.data())
def test_property_an_insertion_beyond_the_context_shifts_the_span_exactly(
    case, inserted, before, data
):
    text, start, end = case
    exact = text[start:end]
    prefix, suffix = context_for(text, start, end)
    if before:
        assume(start - len(prefix) > 0)
        at = data.draw(st.integers(0, start - len(prefix)))
        revised = text[:at] + inserted + text[at:]
        expected = (start + len(inserted), end + len(inserted))
    else:
        at = data.draw(st.integers(end + len(suffix), len(text)))
        revised = text[:at] + inserted + text[at:]
        expected = (start, end)
    # The passage with its context must be recognisable: not repeated verbatim.
    assume(occurrences(revised, prefix + exact + suffix) == 1)
    assert relocate(revised, exact, prefix, suffix, start, end) == expected


@PROPERTY_SETTINGS
@given(text_and_span(min_len=4), st.data())
def test_property_a_deletion_beyond_the_context_shifts_the_span_exactly(case, data):
    text, start, end = case
    exact = text[start:end]
    prefix, suffix = context_for(text, start, end)
    room_before = start - len(prefix)
    room_after = len(text) - (end + len(suffix))
    assume(room_before > 0 or room_after > 0)
    if room_before > 0 and (room_after <= 0 or data.draw(st.booleans())):
        a = data.draw(st.integers(0, room_before - 1))
        b = data.draw(st.integers(a + 1, room_before))
        expected = (start - (b - a), end - (b - a))
    else:
        a = data.draw(st.integers(end + len(suffix), len(text) - 1))
        b = data.draw(st.integers(a + 1, len(text)))
        expected = (start, end)
    revised = text[:a] + text[b:]
    assume(occurrences(revised, prefix + exact + suffix) == 1)
    assert relocate(revised, exact, prefix, suffix, start, end) == expected


@PROPERTY_SETTINGS
@given(
    texts,
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=40),
    st.data(),
)
def test_property_a_deleted_passage_whose_characters_occur_nowhere_else_is_orphaned(
    text, passage, data
):
    at = data.draw(st.integers(0, len(text)))
    old = text[:at] + passage + text[at:]
    start, end = at, at + len(passage)
    prefix, suffix = context_for(old, start, end)
    assert relocate(text, passage, prefix, suffix, start, end) is None


@PROPERTY_SETTINGS
@given(text_and_span(), st.text(alphabet="😀🚀𠀀𠀁𪜀", min_size=1, max_size=10))
def test_property_astral_characters_inserted_at_the_start_shift_by_code_points(case, astral):
    text, start, end = case
    prefix, suffix = context_for(text, start, end)
    exact = text[start:end]
    revised = astral + text
    assume(occurrences(revised, prefix + exact + suffix) == 1)
    got = relocate(revised, exact, prefix, suffix, start, end)
    assert got == (start + len(astral), end + len(astral))


@PROPERTY_SETTINGS
@given(texts, texts, st.text(alphabet=LETTERS, min_size=1, max_size=40), st.data())
def test_property_relocate_returns_none_or_a_span_inside_the_text(text, revised, quote, data):
    start = data.draw(st.integers(-5, len(text) + 5))
    end = data.draw(st.integers(-5, len(text) + 5))
    prefix = data.draw(st.text(alphabet=LETTERS, max_size=32))
    suffix = data.draw(st.text(alphabet=LETTERS, max_size=32))
    got = relocate(revised, quote, prefix, suffix, start, end)
    if got is not None:
        s, e = got
        assert 0 <= s < e <= len(revised)
        if revised[s:e] != quote:
            # Anything but a verbatim hit must be an approximate match within budget.
            assert len(quote) >= 4
