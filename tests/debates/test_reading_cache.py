"""The reading page's article body and passage lists come from a cache (debates/reading_cache.py).
It must never be stale: for every kind of write that changes the marks or the lists, a
read after the write shows the change, although the page was read (and cached) before it.
Each reader gets their own view: hidden passages only for their author and moderators."""

import re

import pytest
from django.core.cache import caches

from annotations import services as annotation_services
from annotations.models import Highlight
from debates import services
from moderation import services as moderation_services
from tests.factories import UserFactory, make_counterargument, make_passage, make_reply

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_reading_cache():
    caches["reading"].clear()
    yield
    caches["reading"].clear()


def _page(client, article) -> str:
    response = client.get(f"/articles/{article.pk}/")
    assert response.status_code == 200
    return response.text


def _marks(html: str) -> dict[int, str]:
    """Each mark's passage id and its heat class, from the page's article body."""
    body = html[html.index('id="article-body"') : html.index('id="passage-panel"')]
    return {
        int(key): level
        for level, key in re.findall(r'<mark class="hl (hl-\d)[^"]*" data-highlight="(\d+)"', body)
    }


def _contested(html: str) -> str:
    start = html.index('id="passage-lists"')
    return html[start : html.index("</section>", start)]


def _cached_part(html: str) -> str:
    """The article body and the passage lists: what the cache holds."""
    return html[html.index('id="article-body"') : html.index('id="passage-panel"')] + _contested(
        html
    )


def _warm(client, article) -> str:
    """Read the page twice: the first read fills the cache, the second is served from it
    (one query less, as the first test shows) and must be the same."""
    first = _page(client, article)
    assert _cached_part(_page(client, article)) == _cached_part(first)
    return first


# -- the cache is used ---------------------------------------------------------------


def test_a_second_read_comes_from_the_cache_with_one_query_less(
    article, passage, client, django_assert_num_queries
):
    # A miss: the article, its reading version, then its passages.
    with django_assert_num_queries(3):
        first = _page(client, article)
    # A hit: the article and its reading version; the passages are not read.
    with django_assert_num_queries(2) as hit:
        again = _page(client, article)
    assert not any("annotations_highlight" in q["sql"] for q in hit.captured_queries)
    assert _cached_part(again) == _cached_part(first)
    assert passage.pk in _marks(again)


def test_a_members_read_from_the_cache_asks_only_which_hidden_passages_they_see(
    article, passage, bob_client, django_assert_max_num_queries
):
    bob_client.get("/")  # the session, the member and the language, warmed elsewhere
    with django_assert_max_num_queries(50) as miss:
        _page(bob_client, article)
    with django_assert_max_num_queries(50) as hit:
        _page(bob_client, article)
    assert len(hit.captured_queries) == len(miss.captured_queries) - 1
    on_passages = [q["sql"] for q in hit.captured_queries if "annotations_highlight" in q["sql"]]
    # One query for the hidden passages this member sees (none), not for all of them.
    assert len(on_passages) == 1
    assert "visibility" in on_passages[0]


# -- every write that changes the marks or the lists ---------------------------------


def test_a_new_passage_shows_after_the_page_was_cached(article, passage, bob, client):
    _warm(client, article)
    new = make_passage(user=bob, article=article, exact="twenty years of food")
    assert set(_marks(_page(client, article))) == {passage.pk, new.pk}


def test_a_passage_marked_with_its_first_answer_shows_with_its_heat(article, bob, client):
    _warm(client, article)
    start = article.text.index("twenty years")
    created = services.passage_counter(
        user=bob,
        article=article,
        start=start,
        end=start + len("twenty years"),
        exact="twenty years",
        stance="refutes",
        body="Food is not the cost.",
    ).highlight
    html = _page(client, article)
    assert _marks(html) == {created.pk: "hl-2"}  # one marker + one answer
    assert "1 answer" in _contested(html)


def test_an_answer_raises_the_marks_heat_and_lists_the_passage_as_contested(
    article, passage, bob, client
):
    html = _warm(client, article)
    assert _marks(html) == {passage.pk: "hl-1"}
    assert "Most contested passages" not in html
    make_counterargument(user=bob, highlight=passage)
    html = _page(client, article)
    assert _marks(html) == {passage.pk: "hl-2"}
    assert "1 answer" in _contested(html)


def test_a_reply_counts_in_the_passages_activity(article, passage, bob, carol, client):
    answer = make_counterargument(user=bob, highlight=passage)
    assert "1 answer" in _contested(_warm(client, article))
    make_reply(user=carol, parent=answer)
    assert "1 answer, 1 reply" in _contested(_page(client, article))


def test_an_answer_removed_by_its_author_leaves_the_count(article, passage, bob, carol, client):
    answer = make_counterargument(user=bob, highlight=passage)
    make_counterargument(user=carol, highlight=passage)
    assert "2 answers" in _contested(_warm(client, article))
    services.counterargument_remove(user=bob, counterargument=answer)
    assert "1 answer" in _contested(_page(client, article))


def test_an_answer_hidden_then_restored_by_a_moderator(article, passage, bob, carol, mona, client):
    answer = make_counterargument(user=bob, highlight=passage)
    make_counterargument(user=carol, highlight=passage)
    assert "2 answers" in _contested(_warm(client, article))
    moderation_services.moderate(moderator=mona, target=answer, action="hide", reason="Spam.")
    assert "1 answer" in _contested(_page(client, article))
    moderation_services.moderate(moderator=mona, target=answer, action="restore")
    assert "2 answers" in _contested(_page(client, article))


def test_an_answer_hidden_by_members_flags(article, passage, bob, client, settings):
    settings.FLAG_HIDE_WEIGHT = 2
    answer = make_counterargument(user=bob, highlight=passage)
    assert "1 answer" in _contested(_warm(client, article))
    for name in ("flagger1", "flagger2"):
        flagger = UserFactory(username=name)
        moderation_services.flag_create(user=flagger, target=answer, reason="spam")
    html = _page(client, article)
    assert "Most contested passages" not in html
    assert _marks(html) == {passage.pk: "hl-1"}


@pytest.mark.parametrize("action", ["hide", "remove"])
def test_a_passage_hidden_or_removed_by_a_moderator_leaves_the_page(
    article, passage, bob, mona, client, action
):
    other = make_passage(user=bob, article=article, exact="twenty years of food")
    assert set(_marks(_warm(client, article))) == {passage.pk, other.pk}
    moderation_services.moderate(moderator=mona, target=other, action=action, reason="Spam.")
    html = _page(client, article)
    assert set(_marks(html)) == {passage.pk}
    assert "twenty years of food”" not in _contested(html)
    moderation_services.moderate(moderator=mona, target=other, action="restore")
    assert set(_marks(_page(client, article))) == {passage.pk, other.pk}


def test_a_passage_hidden_by_members_flags_leaves_the_page(article, passage, bob, client, settings):
    settings.FLAG_HIDE_WEIGHT = 2
    other = make_passage(user=bob, article=article, exact="twenty years of food")
    _warm(client, article)
    for name in ("flagger1", "flagger2"):
        flagger = UserFactory(username=name)
        moderation_services.flag_create(user=flagger, target=other, reason="spam")
    assert set(_marks(_page(client, article))) == {passage.pk}


def test_a_passage_deleted_by_its_author_leaves_the_page(article, passage, bob, client):
    other = make_passage(user=bob, article=article, exact="twenty years of food")
    _warm(client, article)
    annotation_services.highlight_delete(user=bob, highlight=other)
    assert set(_marks(_page(client, article))) == {passage.pk}


def test_a_revision_moves_the_marks_and_lists_the_orphans(article, passage, alice, client):
    food = make_passage(user=alice, article=article, exact="twenty years of food")
    html = _warm(client, article)
    offset = html.index(f'data-highlight="{passage.pk}"')
    annotation_services.article_revise(
        user=alice,
        article=article,
        text="A new first line.\n\n" + article.text.replace("twenty years of food", "a while"),
    )
    html = _page(client, article)
    assert set(_marks(html)) == {passage.pk}
    assert html.index(f'data-highlight="{passage.pk}"') > offset
    assert "<p data-offset=" in html
    assert "A new first line." in html
    lists = _contested(html)
    assert "Passages no longer in the text" in lists
    assert "twenty years of food" in lists
    assert Highlight.objects.get(pk=food.pk).is_orphaned


def test_a_members_new_name_shows_next_to_their_passages(article, bob, client, bob_client):
    make_passage(user=bob, article=article, exact="twenty years of food")
    assert ">Bob</span>" in _contested(_warm(client, article))
    response = bob_client.post("/profile/", {"display_name": "Robert"})
    assert response.status_code == 302
    lists = _contested(_page(client, article))
    assert ">Robert</span>" in lists
    assert ">Bob</span>" not in lists


def test_a_deleted_members_passages_leave_the_page(article, passage, bob, client):
    other = make_passage(user=bob, article=article, exact="twenty years of food")
    assert set(_marks(_warm(client, article))) == {passage.pk, other.pk}
    bob.delete()
    assert set(_marks(_page(client, article))) == {passage.pk}


def test_a_vote_changes_nothing_the_cached_part_shows_and_keeps_it(
    article, passage, bob, carol, client, django_assert_num_queries
):
    """Votes change an answer's score, shown in the passage's panel (rendered per
    request), never the marks' heat or the lists: the cached part stays in use."""
    answer = make_counterargument(user=bob, highlight=passage)
    html = _warm(client, article)
    services.vote_cast(user=carol, counterargument=answer, value=1)
    with django_assert_num_queries(2):  # still a hit
        assert _cached_part(_page(client, article)) == _cached_part(html)
    panel = client.get(f"/articles/{article.pk}/passages/{passage.pk}/", HTTP_HX_REQUEST="true")
    assert re.search(r'class="score[^"]*"[^>]*>\s*1\s*<', panel.text)


# -- each reader's view --------------------------------------------------------------


def test_hidden_passages_show_to_their_author_and_moderators_only(
    article, passage, alice, bob, mona, client, alice_client, bob_client, mona_client
):
    hidden = make_passage(user=bob, article=article, exact="twenty years of food")
    moderation_services.moderate(moderator=mona, target=hidden, action="hide", reason="Spam.")
    # Everyone reads twice, in turns, so each reads the others' cached pages if one leaked.
    for _ in range(2):
        assert set(_marks(_page(client, article))) == {passage.pk}
        assert set(_marks(_page(mona_client, article))) == {passage.pk, hidden.pk}
        assert set(_marks(_page(alice_client, article))) == {passage.pk}
        assert set(_marks(_page(bob_client, article))) == {passage.pk, hidden.pk}


def test_the_lists_are_in_the_readers_language(article, passage, bob, client):
    make_counterargument(user=bob, highlight=passage)
    assert "Most contested passages" in _warm(client, article)
    chinese = client.get(f"/articles/{article.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").text
    assert "Most contested passages" not in chinese
    assert "Most contested passages" in _page(client, article)
