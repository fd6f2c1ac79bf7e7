"""The article list and the reading page."""

import pytest

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_the_list_shows_the_newest_articles_first(client, alice):
    make_article(user=alice, title="Older", text="Old text.")
    make_article(user=alice, title="Newer", text="New text.")
    response = client.get("/")
    assert response.status_code == 200
    assert response.text.index("Newer") < response.text.index("Older")


def test_the_list_searches_titles(client, alice):
    make_article(user=alice, title="AI price falls", text="One.")
    make_article(user=alice, title="人工智能的能耗", text="二。")
    response = client.get("/", {"q": "能耗"})
    assert "人工智能的能耗" in response.text
    assert "AI price falls" not in response.text


def test_the_list_finds_traditional_and_simplified_spellings_of_titles_and_texts(client, alice):
    make_article(user=alice, title="阿尔特曼的预言", text="数据中心很耗电。")
    for query in ("阿爾特曼", "耗電", "耗电"):
        assert "阿尔特曼的预言" in client.get("/", {"q": query}).text


def test_a_search_with_no_match_says_so(client, alice):
    make_article(user=alice)
    assert "No article has" in client.get("/", {"q": "zzz"}).text


def test_the_htmx_search_answers_only_the_results_fragment(client, alice):
    make_article(user=alice, title="AI price falls", text="One.")
    response = client.get("/", {"q": "price"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="results"' in response.text


def test_the_reading_page_shows_paragraphs_with_their_code_point_offsets(client, alice):
    article = make_article(user=alice, text="😀 Emoji first.\n\n第二段。")
    response = client.get(f"/articles/{article.pk}/")
    assert response.status_code == 200
    assert '<p data-offset="0">😀 Emoji first.</p>' in response.text
    # "😀 Emoji first." is 14 code points (15 UTF-16 units); the blank line adds 2.
    assert '<p data-offset="16">第二段。</p>' in response.text


def test_the_reading_page_escapes_the_text(client, alice):
    article = make_article(user=alice, text="<script>alert(1)</script>")
    response = client.get(f"/articles/{article.pk}/")
    assert "<script>alert(1)" not in response.text
    assert "&lt;script&gt;alert(1)" in response.text


def test_an_unknown_article_is_404(client):
    assert client.get("/articles/999999/").status_code == 404


@pytest.mark.parametrize("paragraphs", [pytest.param(2, id="short"), pytest.param(400, id="long")])
def test_the_reading_page_query_count_does_not_grow_with_the_article(
    client, alice, django_assert_max_num_queries, paragraphs
):
    text = "\n\n".join(f"Paragraph {n} about the cost of AI." for n in range(paragraphs))
    article = make_article(user=alice, text=text)
    with django_assert_max_num_queries(3):
        response = client.get(f"/articles/{article.pk}/")
    assert response.text.count("<p data-offset=") == paragraphs


def test_the_list_query_count_does_not_grow_with_the_number_of_articles(
    client, alice, django_assert_max_num_queries
):
    for n in range(25):
        make_article(user=alice, title=f"Article {n}", text=f"Text {n}.")
    with django_assert_max_num_queries(4):
        client.get("/")
