"""The reading page costs the same number of SQL queries for an article with 300 passages
and 3,000 counterarguments as for one with a single passage."""

import pytest

from debates.models import Counterargument, Vote
from tests.factories import UserFactory, bulk_debate, make_article

pytestmark = pytest.mark.django_db


def _text(paragraphs):
    return "\n\n".join(f"Claim number {n} about cheaper AI." for n in range(paragraphs))


@pytest.fixture
def authors(alice, bob, carol):
    return [alice, bob, carol, UserFactory(username="dan"), UserFactory(username="erin")]


@pytest.fixture
def small(authors):
    article = make_article(user=authors[0], title="Small", text=_text(3))
    bulk_debate(article=article, authors=authors, passages=1, answers=1)
    return article


@pytest.fixture
def big(authors):
    article = make_article(user=authors[0], title="Big", text=_text(300))
    bulk_debate(article=article, authors=authors, passages=300, answers=10)
    return article


def test_the_bulk_debate_is_consistent(big):
    cas = Counterargument.objects.filter(highlight__article=big)
    assert cas.count() == 3_000
    assert big.highlights.count() == 300
    assert all(h.answers == 10 for h in big.highlights.all())
    assert cas.filter(parent__isnull=False).count() == 900
    for ca in cas.order_by("?")[:50]:
        assert ca.upvotes == Vote.objects.filter(counterargument=ca, value=1).count()
        assert ca.downvotes == Vote.objects.filter(counterargument=ca, value=-1).count()


def _queries(client, url, django_assert_max_num_queries):
    client.get(url)  # warm the session, the user and the language
    with django_assert_max_num_queries(50) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_the_reading_page_does_not_query_more_for_a_bigger_debate(
    small, big, client, bob_client, django_assert_max_num_queries, who
):
    reader = client if who == "anonymous" else bob_client
    few, _ = _queries(reader, f"/articles/{small.pk}/", django_assert_max_num_queries)
    many, response = _queries(reader, f"/articles/{big.pk}/", django_assert_max_num_queries)
    assert many == few
    assert response.text.count('class="hl ') == 300
    assert "Most contested passages" in response.text


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_an_open_passage_does_not_query_more_for_a_bigger_debate(
    small, big, client, bob_client, django_assert_max_num_queries, who
):
    reader = client if who == "anonymous" else bob_client
    small_passage = small.highlights.get()
    big_passage = big.highlights.order_by("pk")[150]
    # Make the big passage's thread much longer than the small one's.
    few, _ = _queries(
        reader,
        f"/articles/{small.pk}/passages/{small_passage.pk}/",
        django_assert_max_num_queries,
    )
    many, response = _queries(
        reader, f"/articles/{big.pk}/passages/{big_passage.pk}/", django_assert_max_num_queries
    )
    assert many == few
    assert response.text.count('class="counterargument ') == 10
