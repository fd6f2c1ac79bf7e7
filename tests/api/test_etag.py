"""API reads carry an ETag; a client revalidating with If-None-Match gets 304 until a
write changes what it would read."""

import pytest

from tests.factories import make_article, make_counterargument, make_passage

pytestmark = pytest.mark.django_db


@pytest.fixture
def passage(alice):
    article = make_article(user=alice, text="AI cost falls tenfold a year, they say.")
    return make_passage(user=alice, article=article, exact="AI cost")


def revalidate(client, url):
    first = client.get(url)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    return etag


def test_a_list_and_a_detail_answer_304_until_a_write_changes_them(api, passage, bob):
    answers = f"/api/v1/highlights/{passage.pk}/counterarguments/"
    etag = revalidate(api, answers)
    detail = revalidate(api, f"/api/v1/articles/{passage.article_id}/")
    make_counterargument(user=bob, highlight=passage, body="Per token, not per task.")
    changed = api.get(answers, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert "Per token" in changed.content.decode()
    # The article's detail does not hold its answers: it is still not modified.
    assert (
        api.get(f"/api/v1/articles/{passage.article_id}/", HTTP_IF_NONE_MATCH=detail).status_code
        == 304
    )


def test_a_readers_own_vote_changes_their_etag(bob_api, passage, alice, bob):
    answer = make_counterargument(user=alice, highlight=passage)
    url = f"/api/v1/highlights/{passage.pk}/counterarguments/"
    etag = revalidate(bob_api, url)
    vote = bob_api.put(f"/api/v1/counterarguments/{answer.pk}/vote/", {"value": 1}, format="json")
    assert vote.status_code == 200
    assert bob_api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_writes_and_pages_get_no_etag(alice_client, api, passage):
    assert "ETag" not in alice_client.get(f"/articles/{passage.article_id}/").headers
    response = api.put("/api/v1/counterarguments/1/vote/", {"value": 1}, format="json")
    assert response.status_code == 401
    assert "ETag" not in response.headers
