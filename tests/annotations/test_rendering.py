"""The reading page's HTML comes from annotations.rendering: exact HTML for marks, and
display blocks that never change the text or its offsets."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.rendering import MAX_BLOCK, Span, display_ranges, paragraph_ranges, render


def html_of(text, spans):
    return [block.html for block in render(text, spans)]


def test_it_cuts_paragraphs_at_blank_lines_and_keeps_their_offsets():
    text = "One.\n\nTwo\nlines.\n\nThree."
    assert paragraph_ranges(text) == [(0, 4), (6, 16), (18, 24)]
    assert [b.start for b in render(text)] == [0, 6, 18]


def test_it_escapes_everything():
    assert html_of("<script>alert('x')</script> & co", []) == [
        "&lt;script&gt;alert('x')&lt;/script&gt; &amp; co"
    ]


def test_it_marks_a_single_passage():
    assert html_of("abcdef", [Span(1, 3, 7)]) == [
        'a<mark class="hl hl-1" data-highlight="7" id="mark-7">bc</mark>def'
    ]


def test_it_nests_a_passage_inside_another():
    assert html_of("abcdef", [Span(0, 6, 1), Span(2, 4, 2)]) == [
        '<mark class="hl hl-1" data-highlight="1" id="mark-1">ab'
        '<mark class="hl hl-1" data-highlight="2" id="mark-2">cd</mark>ef</mark>'
    ]


def test_it_closes_and_reopens_overlapping_passages_so_tags_nest():
    assert html_of("abcdef", [Span(0, 4, 1), Span(2, 6, 2, level=3)]) == [
        '<mark class="hl hl-1" data-highlight="1" id="mark-1">ab'
        '<mark class="hl hl-3" data-highlight="2" id="mark-2">cd</mark></mark>'
        '<mark class="hl hl-3 hl-cont" data-highlight="2">ef</mark>'
    ]


def test_it_marks_a_passage_spanning_paragraphs_in_each_of_them():
    text = "first para\n\nsecond para"
    assert html_of(text, [Span(6, 18, 5)]) == [
        'first <mark class="hl hl-1" data-highlight="5" id="mark-5">para</mark>',
        '<mark class="hl hl-1 hl-cont" data-highlight="5">second</mark> para',
    ]


def test_it_counts_astral_characters_as_one_code_point():
    text = "😀𠀀中文"
    assert html_of(text, [Span(2, 4, 1)]) == [
        '😀𠀀<mark class="hl hl-1" data-highlight="1" id="mark-1">中文</mark>'
    ]


def test_it_shows_one_enormous_paragraph_as_readable_blocks_without_changing_the_text():
    sentence = "这是一个关于人工智能成本的句子，它会不断重复以形成一个很长的段落。"
    text = sentence * 60
    ranges = display_ranges(text)
    assert len(ranges) > 1
    assert all(end - start <= MAX_BLOCK + len(sentence) for start, end in ranges)
    assert "".join(text[s:e] for s, e in ranges) == text
    assert all(text[s:e].startswith("这") for s, e in ranges)


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("ab。. \n😀中"), max_size=400),
    data=st.data(),
)
def test_display_blocks_cover_every_paragraph_character_exactly_once(text, data):
    ranges = display_ranges(text)
    covered = "".join(text[s:e] for s, e in ranges)
    assert covered == "".join(text[s:e] for s, e in paragraph_ranges(text))
    assert all(s < e for s, e in ranges)
    assert all(a[1] <= b[0] for a, b in zip(ranges, ranges[1:], strict=False))


@pytest.mark.parametrize(
    "spans",
    [
        pytest.param([Span(0, 3, 1), Span(1, 2, 2), Span(1, 5, 3)], id="three-way"),
        pytest.param([Span(0, 5, 1), Span(0, 5, 2)], id="identical"),
        pytest.param([Span(2, 2, 1)], id="empty"),
    ],
)
def test_tags_always_balance(spans):
    for html in html_of("abcde", spans):
        assert html.count("<mark") == html.count("</mark>")


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("ab。. \n"), min_size=1, max_size=1200),
    data=st.data(),
)
def test_the_one_sweep_render_equals_handing_every_block_every_span(text, data):
    """render() gives each block only the spans that can touch it; the HTML must be what
    the block gets when it is handed all of them (as it was before the sweep)."""
    from annotations.rendering import render_block

    bounds = st.integers(min_value=0, max_value=len(text))
    pairs = data.draw(st.lists(st.tuples(bounds, bounds), max_size=12))
    spans = [Span(min(a, b), max(a, b), n, 1 + n % 5) for n, (a, b) in enumerate(pairs)]
    ordered = sorted(spans, key=lambda s: (s.start, -s.end, str(s.key)))
    seen: set = set()
    expected = [
        render_block(text, start, end, ordered, seen, "/p/{key}/")
        for start, end in display_ranges(text)
    ]
    assert [block.html for block in render(text, spans, link="/p/{key}/")] == expected
