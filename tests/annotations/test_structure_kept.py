"""Headings, list items and block quotes of an imported page stay what they were: their
kinds are stored beside the plain canonical text (which, with every offset into it, is
unchanged) and the reading page renders them as h2/h3, li and blockquote."""

import json
import re

import pytest
from django.core.cache import caches
from django.core.exceptions import ValidationError

from annotations import importers, rendering, services
from annotations.models import Article
from tests.factories import make_article

HTML_PAGE = """<html lang="en"><head><title>Harbour tolls rise again</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Harbour tolls rise again</h1>
<p>The harbour authority announced on Tuesday that tolls will rise by twelve percent.</p>
<h2>What happens next</h2>
<p>Shipping companies asked the council to wait for the public hearing next month.</p>
<ul><li>A public hearing next month</li><li>A final vote in June</li></ul>
<blockquote><p>Tolls pay for dredging, the authority said in a statement.</p></blockquote>
<h3>Who pays</h3>
<p>Ferry operators say the rise will reach passengers within a year of the vote.</p>
</article><footer>Copyright The Daily Example</footer></body></html>"""

HTML_TEXT = (
    "The harbour authority announced on Tuesday that tolls will rise by twelve percent.\n\n"
    "What happens next\n\n"
    "Shipping companies asked the council to wait for the public hearing next month.\n\n"
    "A public hearing next month\n\n"
    "A final vote in June\n\n"
    "Tolls pay for dredging, the authority said in a statement.\n\n"
    "Who pays\n\n"
    "Ferry operators say the rise will reach passengers within a year of the vote."
)
HTML_BLOCKS = ((1, "h2"), (3, "li"), (4, "li"), (5, "blockquote"), (6, "h3"))


def test_an_html_page_keeps_its_headings_list_items_and_quotes_beside_plain_text():
    document = importers.parse(HTML_PAGE, format="html")
    assert document.text == HTML_TEXT
    assert document.blocks == HTML_BLOCKS
    assert document.title == "Harbour tolls rise again"


def test_markdown_headings_deeper_than_three_are_subheadings_and_nested_lists_items():
    document = importers.parse_markdown(
        "# Title\n\nIntro.\n\n# Again a top heading\n\n#### Deep\n\n"
        "- one\n  - nested\n\n> quoted\n>\n> - listed in a quote\n\nEnd."
    )
    assert document.title == "Title"
    kinds = dict(document.blocks)
    parts = importers.paragraphs(document.text)
    assert [(parts[n], kind) for n, kind in sorted(kinds.items())] == [
        ("Again a top heading", "h2"),
        ("Deep", "h3"),
        ("one", "li"),
        ("nested", "li"),
        ("quoted", "blockquote"),
        ("listed in a quote", "li"),
    ]


def test_plain_text_has_no_block_kinds():
    assert importers.parse("Heading\n\nA sentence.", format="plain").blocks == ()


def test_trimming_renumbers_the_kinds_that_stay():
    assert importers.trim_blocks(HTML_BLOCKS, 2, 5) == ((1, "li"), (2, "li"), (3, "blockquote"))


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("h2", id="not-a-list"),
        pytest.param([[0, "h1"]], id="unknown-kind"),
        pytest.param([[8, "h2"]], id="past-the-text"),
        pytest.param([[-1, "h2"]], id="negative"),
        pytest.param([["0", "h2"]], id="number-as-string"),
        pytest.param([[0, "h2", "x"]], id="three-items"),
    ],
)
def test_kinds_that_do_not_fit_the_text_are_refused(value):
    with pytest.raises(importers.ImportFailed) as caught:
        importers.check_blocks(value, HTML_TEXT)
    assert caught.value.code == "bad_blocks"
    assert caught.value.message.endswith(".")


# --- rendering ----------------------------------------------------------------------


def _html(blocks):
    return "".join(
        (f"<{b.opens}>" if b.opens else "")
        + f'<{b.tag} data-offset="{b.start}">{b.html}</{b.tag}>'
        + (f"</{b.closes}>" if b.closes else "")
        for b in blocks
    )


def test_the_renderer_gives_each_kind_its_element_and_groups_items_and_quotes():
    html = _html(rendering.render(HTML_TEXT, kinds=dict(HTML_BLOCKS)))
    starts = [m.start() for m in re.finditer(r"(?<=\n\n)|\A", HTML_TEXT)]
    assert html == (
        f'<p data-offset="0">{importers.paragraphs(HTML_TEXT)[0]}</p>'
        f'<h2 data-offset="{starts[1]}">What happens next</h2>'
        f'<p data-offset="{starts[2]}">{importers.paragraphs(HTML_TEXT)[2]}</p>'
        f'<ul><li data-offset="{starts[3]}">A public hearing next month</li>'
        f'<li data-offset="{starts[4]}">A final vote in June</li></ul>'
        f'<blockquote><p data-offset="{starts[5]}">{importers.paragraphs(HTML_TEXT)[5]}</p>'
        "</blockquote>"
        f'<h3 data-offset="{starts[6]}">Who pays</h3>'
        f'<p data-offset="{starts[7]}">{importers.paragraphs(HTML_TEXT)[7]}</p>'
    )


def test_a_long_quote_is_cut_inside_one_blockquote_and_a_long_item_stays_whole():
    sentence = "This sentence is long enough to count as one of many in a paragraph. "
    long = (sentence * 20).strip()
    text = f"{long}\n\n{long}"
    blocks = rendering.render(text, kinds={0: "blockquote", 1: "li"})
    quote = [b for b in blocks if b.start < len(long)]
    assert len(quote) > 1
    assert quote[0].opens == "blockquote"
    assert quote[-1].closes == "blockquote"
    assert all(not b.opens for b in quote[1:])
    assert all(not b.closes for b in quote[:-1])
    item = [b for b in blocks if b.start > len(long)]
    assert len(item) == 1
    assert item[0].tag == "li"
    assert item[0].opens == item[0].closes == "ul"


def test_kinds_change_no_offset_and_a_mark_across_a_heading_nests_in_each_element():
    start = HTML_TEXT.index("twelve percent")
    end = HTML_TEXT.index("Shipping companies") + len("Shipping companies")
    spans = [rendering.Span(start, end, 7)]
    plain = rendering.render(HTML_TEXT, spans)
    kept = rendering.render(HTML_TEXT, spans, kinds=dict(HTML_BLOCKS))
    assert [(b.start, b.end, b.html) for b in kept] == [(b.start, b.end, b.html) for b in plain]
    heading = next(b for b in kept if b.tag == "h2")
    assert heading.html.startswith('<mark class="hl hl-1 hl-cont" data-highlight="7">')


# --- stored, read, cached -------------------------------------------------------------


def _preview(client, **source):
    return client.post("/articles/import/", {"step": "source", "format": "auto", **source})


def _save(client, context, **changes):
    form = context["form"]
    data = {name: form[name].value() or "" for name in form.fields if name != "keep"}
    blocks = form["blocks"].value()
    data["blocks"] = blocks if isinstance(blocks, str) else json.dumps(blocks)
    data.update({"step": "preview", "action": "save", **changes})
    return client.post("/articles/import/", data)


@pytest.mark.django_db
def test_an_imported_page_is_saved_with_its_kinds_and_the_preview_names_them(alice_client):
    preview = _preview(alice_client, pasted=HTML_PAGE)
    assert preview.status_code == 200
    kinds = [p["kind"] for p in preview.context["paragraphs"]]
    assert kinds == ["", "h2", "", "li", "li", "blockquote", "h3", ""]
    assert "kind-h2" in preview.text
    assert ">Heading</span>" in preview.text
    saved = _save(alice_client, preview.context)
    assert saved.status_code == 302
    article = Article.objects.get()
    assert article.text == HTML_TEXT
    assert [tuple(pair) for pair in article.blocks] == list(HTML_BLOCKS)


@pytest.mark.django_db
def test_a_trimmed_import_keeps_the_kinds_of_the_paragraphs_it_keeps(alice_client):
    preview = _preview(alice_client, pasted=HTML_PAGE)
    saved = _save(alice_client, preview.context, first="3", last="6")
    assert saved.status_code == 302
    article = Article.objects.get()
    assert article.text.startswith("Shipping companies")
    assert article.blocks == [[1, "li"], [2, "li"], [3, "blockquote"]]


@pytest.mark.django_db
def test_forged_kinds_are_refused_at_save_and_nothing_is_stored(alice_client):
    preview = _preview(alice_client, pasted=HTML_PAGE)
    saved = _save(alice_client, preview.context, blocks='[[99, "h2"]]')
    assert saved.status_code == 422
    assert "paragraph kinds" in saved.text
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_the_service_refuses_kinds_that_do_not_fit(alice):
    with pytest.raises(ValidationError) as caught:
        services.article_import(user=alice, title="T", text="One.\n\nTwo.", blocks=[[2, "h2"]])
    assert "blocks" in caught.value.error_dict
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_the_reading_page_renders_headings_items_and_quotes(client, alice):
    caches["reading"].clear()
    article = make_article(user=alice, text=HTML_TEXT, blocks=HTML_BLOCKS)
    html = client.get(f"/articles/{article.pk}/").text
    second = HTML_TEXT.index("What happens next")
    assert f'<h2 data-offset="{second}">What happens next</h2>' in html
    assert "<ul><li data-offset=" in html
    assert "</li></ul>" in html
    assert "<blockquote><p data-offset=" in html
    assert '<h3 data-offset="' in html


@pytest.mark.django_db
def test_a_passage_across_a_heading_and_a_paragraph_anchors_with_plain_offsets(client, alice, bob):
    caches["reading"].clear()
    article = make_article(user=alice, text=HTML_TEXT, blocks=HTML_BLOCKS)
    start = HTML_TEXT.index("twelve percent")
    end = HTML_TEXT.index("Shipping companies") + len("Shipping companies")
    passage = services.highlight_create(
        user=bob, article=article, start=start, end=end, exact=HTML_TEXT[start:end]
    )
    assert (passage.start, passage.end) == (start, end)
    assert passage.state == passage.State.ANCHORED
    html = client.get(f"/articles/{article.pk}/").text
    heading = re.search(r"<h2 data-offset=\"\d+\">(.*?)</h2>", html)[1]
    assert f'data-highlight="{passage.pk}"' in heading
    assert html.count(f'data-highlight="{passage.pk}"') == 3  # paragraph, heading, paragraph


@pytest.mark.django_db
def test_the_cached_page_changes_when_only_the_kinds_change(client, alice):
    caches["reading"].clear()
    article = make_article(user=alice, text=HTML_TEXT)
    before = client.get(f"/articles/{article.pk}/").text
    assert "<h2 data-offset" not in before
    # Same text, same revision, same reading version: only the kinds differ.
    Article.objects.filter(pk=article.pk).update(blocks=[list(p) for p in HTML_BLOCKS])
    after = client.get(f"/articles/{article.pk}/").text
    assert "<h2 data-offset" in after


@pytest.mark.django_db
def test_a_revision_keeps_the_kinds_of_the_paragraphs_it_leaves_alone(alice):
    article = make_article(user=alice, text=HTML_TEXT, blocks=HTML_BLOCKS)
    parts = importers.paragraphs(HTML_TEXT)
    revised = "\n\n".join(["A new opening paragraph.", *parts[:3], "Changed item", *parts[4:]])
    article = services.article_revise(user=alice, article=article, text=revised)
    assert article.blocks == [[2, "h2"], [5, "li"], [6, "blockquote"], [7, "h3"]]
    assert [tuple(p) for p in article.revisions.get().blocks] == list(HTML_BLOCKS)


@pytest.mark.django_db
def test_malformed_stored_kinds_do_not_break_the_reading_page(client, alice):
    caches["reading"].clear()
    article = make_article(user=alice, text=HTML_TEXT)
    Article.objects.filter(pk=article.pk).update(blocks=[["x", "h2"], [1, "h9"], 5, [3, "li"]])
    response = client.get(f"/articles/{article.pk}/")
    assert response.status_code == 200
    assert "<ul><li data-offset=" in response.text


def test_the_shallowest_heading_of_the_body_is_h2_so_no_level_is_skipped():
    document = importers.parse_markdown("Intro.\n\n### Deep\n\nText.\n\n#### Deeper\n\nMore.")
    assert document.blocks == ((1, "h2"), (3, "h3"))
    page = "<html><body><article><p>Intro paragraph with enough words to be kept.</p>"
    page += "<h4>Section</h4><p>Body paragraph with enough words to be kept too.</p>"
    page += "</article></body></html>"
    assert importers.parse(page, format="html").blocks == ((1, "h2"),)
