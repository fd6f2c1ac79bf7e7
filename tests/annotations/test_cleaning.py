"""Cleaning a flattened page (annotations/cleaning.py): each kind of removal, what stays."""

from annotations.cleaning import author_name, clean, strip_glosses


def kinds(cleaned):
    return {removal.kind: removal.lines for removal in cleaned.removals}


def test_a_gloss_goes_only_where_it_is_a_reading_of_the_character_before_it():
    assert strip_glosses("訓(xùn)練(liàn)") == "訓練"
    assert strip_glosses("人工智能(AI)在(2025)年") == "人工智能(AI)在(2025)年"
    assert strip_glosses("訓(shuō)") == "訓(shuō)"  # not a reading of 訓
    assert strip_glosses("網(wǎng)易(yì)") == "網易"


def test_an_english_page_loses_its_header_byline_footer_and_related_list():
    page = [
        "Home > World > Europe",
        "Harbour tolls rise again",
        "12\nShares",
        "By Jane Doe",
        "The harbour authority announced on Tuesday that tolls will rise.",
        "Shipping companies asked the council to wait.",
        "Shipping companies asked the council to wait.",
        "Image credit: Harbour Authority",
        "Copyright 2025 The Daily Example. All rights reserved.",
        "Related stories",
        "A bridge closes for repairs\nCity Desk\n2025-03-01 10:00",
    ]
    cleaned = clean(page)
    assert cleaned.paragraphs == (
        "The harbour authority announced on Tuesday that tolls will rise.",
        "Shipping companies asked the council to wait.",
    )
    assert cleaned.title == "Harbour tolls rise again"
    assert cleaned.author == "Jane Doe"
    found = kinds(cleaned)
    assert found["breadcrumb"] == ("Home > World > Europe",)
    assert found["counter"] == ("12", "Shares")
    assert found["byline"] == ("By Jane Doe",)
    assert found["duplicate"] == ("Shipping companies asked the council to wait.",)
    assert found["image_credit"] == ("Image credit: Harbour Authority",)
    assert "Copyright 2025 The Daily Example. All rights reserved." in found["footer"]
    assert "2025-03-01 10:00" in found["related"]


def test_kept_kinds_are_listed_but_stay_in_the_text():
    page = ["Home > World > Europe", "Headline here", "By Jane Doe", "Body text of the story."]
    cleaned = clean(page, keep={"byline", "breadcrumb"})
    assert cleaned.paragraphs == ("Home > World > Europe", "By Jane Doe", "Body text of the story.")
    assert set(kinds(cleaned)) == {"breadcrumb", "title", "byline"}


def test_a_plain_article_is_left_alone():
    page = ["A short heading", "A sentence that ends.", "By the river, a second sentence."]
    cleaned = clean(page)
    assert cleaned.paragraphs == tuple(page)
    assert cleaned.removals == ()
    assert cleaned.author == ""


def test_a_markup_fragment_is_dropped_and_the_sentence_kept():
    cleaned = clean(["Headline", "他說:「好的?!?/p>", "下一句。"])
    assert cleaned.paragraphs[1] == "他說:「好的"
    assert kinds(cleaned)["markup"] == ("他說:「好的?!?/p>",)


def test_a_trailing_markdown_link_becomes_the_source_url():
    cleaned = clean(
        ["Body.", "site"], find_title=False, markdown_links=[("site", "https://example.org/a")]
    )
    assert cleaned.source_url == "https://example.org/a"
    assert cleaned.paragraphs == ("Body.",)


def test_ad_labels_and_read_more_links_inside_the_story_go():
    page = [
        "Headline here",
        "The first paragraph of the story ends here.",
        "Advertisement",
        "Read more: A bridge closes for repairs",
        "延伸閱讀：春季新品發布會今天舉行",
        "The second paragraph of the story ends here.",
    ]
    cleaned = clean(page)
    assert cleaned.paragraphs == (
        "Headline here",
        "The first paragraph of the story ends here.",
        "The second paragraph of the story ends here.",
    )
    assert kinds(cleaned)["promo"] == tuple(page[2:5])


def test_a_sentence_that_mentions_reading_more_stays():
    page = ["Headline", "Read more carefully: the figures do not add up, she said.", "End."]
    assert clean(page).paragraphs[1] == page[1]


def test_a_flattened_menu_before_the_article_goes_and_the_title_is_found_after_it():
    page = ["Home\nWorld\nBusiness\nTechnology", "Harbour tolls rise", "By Jane Doe", "Body."]
    cleaned = clean(page)
    assert cleaned.title == "Harbour tolls rise"
    assert cleaned.paragraphs == ("Body.",)
    assert kinds(cleaned)["menu"] == ("Home", "World", "Business", "Technology")


def test_short_lines_with_no_sentence_after_them_are_not_a_menu():
    assert clean(["hard\nbreak\nagain"]).paragraphs == ("hard\nbreak\nagain",)


def test_a_body_from_an_html_extractor_loses_only_ads_and_read_more_lines():
    body = ["Short headline-like line", "12", "Advertisement", "Copyright notice in the story."]
    cleaned = clean(body, page=False)
    assert cleaned.paragraphs == (
        "Short headline-like line",
        "12",
        "Copyright notice in the story.",
    )
    assert cleaned.sources == (0, 1, 3)


def test_the_author_is_the_name_in_a_byline():
    assert author_name("作者：王一舟") == "王一舟"
    assert author_name("By Jane Doe") == "Jane Doe"
    assert author_name("Jane Doe") == "Jane Doe"
