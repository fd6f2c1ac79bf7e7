"""The API's hot endpoints take a fixed number of queries, the same for a few items as for
a full page: the article list, an article, a passage's passages list, a passage's answers
and replies, and a vote. (docs/performance.md: "The API at the speed of its framework".)"""

import pytest

from annotations import services as annotation_services
from debates import services
from tests.api.helpers import TEXT
from tests.factories import UserFactory, make_article, make_counterargument, make_reply


def _articles(user, n):
    for k in range(n):
        make_article(user=user, title=f"Article {k}", text=f"Text number {k}.")


@pytest.mark.parametrize("n", [pytest.param(2, id="2-articles"), pytest.param(25, id="25")])
@pytest.mark.parametrize(
    ("who", "queries"),
    [pytest.param("api", 1, id="anonymous"), pytest.param("alice_api", 2, id="token")],
)
def test_the_article_list_takes_one_query_and_the_token(
    alice, n, who, queries, request, django_assert_num_queries
):
    _articles(alice, n)
    client = request.getfixturevalue(who)
    with django_assert_num_queries(queries):
        response = client.get("/api/v1/articles/")
    assert len(response.json()["results"]) == min(n, 20)


def test_a_page_of_a_search_takes_the_same(alice, alice_api, django_assert_num_queries):
    _articles(alice, 25)
    cursor = alice_api.get("/api/v1/articles/", {"search": "article"}).json()["next"]
    with django_assert_num_queries(2):
        response = alice_api.get(cursor)
    assert len(response.json()["results"]) == 5


def test_an_article_takes_itself_and_its_passage_counts(
    alice_api, article, passage, django_assert_num_queries
):
    with django_assert_num_queries(3):  # the token, the article, the counts
        response = alice_api.get(f"/api/v1/articles/{article.pk}/")
    assert response.json()["passages"] == {"anchored": 1, "orphaned": 0}


@pytest.mark.parametrize("n", [pytest.param(1, id="1-passage"), pytest.param(12, id="12")])
def test_an_articles_passages_take_a_fixed_number(alice, alice_api, n, django_assert_num_queries):
    article = make_article(user=alice, text="\n\n".join(f"Claim {k} here." for k in range(n)))
    for k in range(n):
        start = article.text.index(f"Claim {k} ")
        annotation_services.highlight_create(
            user=alice, article=article, start=start, end=start + 5, exact="Claim"
        )
    with django_assert_num_queries(3):  # the token, the article, its passages
        response = alice_api.get(f"/api/v1/articles/{article.pk}/highlights/")
    assert len(response.json()["results"]) == n


@pytest.fixture
def members(db):
    return [UserFactory(username=f"m{k}") for k in range(6)]


def _debate(passage, members, n):
    answers = [
        make_counterargument(user=members[k % len(members)], highlight=passage) for k in range(n)
    ]
    for k, ca in enumerate(answers[:3]):
        make_reply(user=members[(k + 1) % len(members)], parent=ca)
        services.vote_cast(user=members[(k + 2) % len(members)], counterargument=ca, value=1)
    return answers


@pytest.mark.parametrize("n", [pytest.param(3, id="3-answers"), pytest.param(25, id="25")])
@pytest.mark.parametrize(
    ("who", "queries"),
    [
        pytest.param("api", 2, id="anonymous"),  # the passage, its items
        pytest.param("bob_api", 4, id="token"),  # and the token, the reader's votes
    ],
)
def test_a_passages_answers_take_a_fixed_number(
    passage, members, n, who, queries, request, django_assert_num_queries
):
    _debate(passage, members, n)
    client = request.getfixturevalue(who)
    with django_assert_num_queries(queries):
        response = client.get(f"/api/v1/highlights/{passage.pk}/counterarguments/")
    assert len(response.json()["results"]) == min(n, 20)


@pytest.mark.parametrize("n", [pytest.param(1, id="1-reply"), pytest.param(12, id="12")])
def test_an_answers_replies_take_a_fixed_number(
    passage, members, bob_api, n, django_assert_num_queries
):
    answer = make_counterargument(user=members[0], highlight=passage)
    for k in range(n):
        make_reply(user=members[1 + k % 5], parent=answer)
    # the token, the answer, the passage's items, the reader's votes
    with django_assert_num_queries(4):
        response = bob_api.get(f"/api/v1/counterarguments/{answer.pk}/replies/")
    assert len(response.json()["results"]) == n


def _vote_queries(captured) -> list[str]:
    """The statements of a vote, without the savepoints of the transaction it runs in
    (one on PostgreSQL and SQLite alike, since the test itself runs in a transaction)."""
    return [q["sql"] for q in captured if "SAVEPOINT" not in q["sql"]]


@pytest.mark.parametrize(
    ("before", "value", "statements"),
    [
        # the token, the item (404 if hidden), the member's lock, the item's lock, the
        # current vote, the rate limit's count, the write, the recount written and read
        # back (one UPDATE ... RETURNING)
        pytest.param(None, 1, 8, id="first-vote"),
        pytest.param(-1, 1, 8, id="changed-vote"),
        pytest.param(1, 1, 5, id="same-vote"),  # nothing to write
    ],
)
def test_a_vote_takes_a_fixed_number_of_queries(
    answer, alice, alice_api, before, value, statements, django_assert_max_num_queries
):
    if before is not None:
        services.vote_cast(user=alice, counterargument=answer, value=before)
    with django_assert_max_num_queries(statements + 2) as captured:
        response = alice_api.put(
            f"/api/v1/counterarguments/{answer.pk}/vote/", {"value": value}, format="json"
        )
    assert response.status_code == 200, response.content
    assert response.json()["my_vote"] == value
    assert len(_vote_queries(captured)) == statements


def test_taking_a_vote_back_takes_a_fixed_number(
    answer, alice, alice_api, django_assert_max_num_queries
):
    services.vote_cast(user=alice, counterargument=answer, value=1)
    with django_assert_max_num_queries(10) as captured:
        response = alice_api.delete(f"/api/v1/counterarguments/{answer.pk}/vote/")
    assert response.json() == {
        "counterargument": answer.pk,
        "upvotes": 0,
        "downvotes": 0,
        "score": 0,
        "my_vote": 0,
    }
    # the token, the item, the member's lock, the item's lock, the current vote, the
    # delete, the recount (UPDATE ... RETURNING)
    assert len(_vote_queries(captured)) == 7


def test_the_text_fixture_is_the_apis(article):
    # The passages above are marked in TEXT; a changed fixture would break them quietly.
    assert article.text == TEXT
