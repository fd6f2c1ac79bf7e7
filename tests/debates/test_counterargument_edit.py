"""Editing one's own words: freely within 15 minutes, later with an "edited" mark and the
previous version kept."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from annotations.models import Visibility
from debates import services
from debates.models import Counterargument, CounterargumentVersion
from tests.factories import make_counterargument

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def answer(passage, bob):
    return make_counterargument(
        user=bob, highlight=passage, body="First *draft*.", sources=["https://a.example/"]
    )


def _age(ca, minutes):
    Counterargument.objects.filter(pk=ca.pk).update(
        created=timezone.now() - timedelta(minutes=minutes)
    )


def test_an_edit_within_15_minutes_leaves_no_mark_and_no_version(answer, bob):
    ca = services.counterargument_edit(
        user=bob, counterargument=answer, stance="qualifies", body="Second **draft**.", sources=[]
    )
    ca.refresh_from_db()
    assert (ca.stance, ca.body, ca.sources, ca.edited) == (
        "qualifies",
        "Second **draft**.",
        [],
        None,
    )
    assert ca.body_html == "<p>Second <strong>draft</strong>.</p>\n"
    assert not CounterargumentVersion.objects.exists()


def test_a_later_edit_is_marked_and_keeps_the_previous_version(answer, bob):
    _age(answer, 16)
    ca = services.counterargument_edit(
        user=bob, counterargument=answer, stance="refutes", body="Third draft.", sources=[]
    )
    ca.refresh_from_db()
    assert ca.edited is not None
    version = CounterargumentVersion.objects.get()
    assert (version.counterargument, version.stance, version.body, version.sources) == (
        ca,
        "refutes",
        "First *draft*.",
        ["https://a.example/"],
    )


def test_every_later_edit_keeps_one_more_version(answer, bob):
    _age(answer, 30)
    for body in ("Two.", "Three."):
        services.counterargument_edit(
            user=bob, counterargument=answer, stance="refutes", body=body, sources=[]
        )
    assert list(answer.versions.values_list("body", flat=True)) == ["Two.", "First *draft*."]


def test_an_edit_that_changes_nothing_keeps_no_version(answer, bob):
    _age(answer, 30)
    services.counterargument_edit(
        user=bob,
        counterargument=answer,
        stance="refutes",
        body="First *draft*.",
        sources=["https://a.example/"],
    )
    answer.refresh_from_db()
    assert answer.edited is None
    assert not CounterargumentVersion.objects.exists()


def test_only_the_author_may_edit(answer, alice):
    with pytest.raises(PermissionDenied):
        services.counterargument_edit(
            user=alice, counterargument=answer, stance="refutes", body="Mine now.", sources=[]
        )
    answer.refresh_from_db()
    assert answer.body == "First *draft*."


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"body": ""}, id="empty body"),
        pytest.param({"body": "x" * 10_001}, id="body over 10,000 characters"),
        pytest.param({"stance": "agrees"}, id="unknown stance"),
        pytest.param({"sources": ["nope"]}, id="malformed source"),
        pytest.param({"sources": [f"https://e.example/{n}" for n in range(6)]}, id="six sources"),
    ],
)
def test_a_bad_edit_is_refused_and_nothing_changes(answer, bob, fields):
    _age(answer, 30)
    data = {"stance": "refutes", "body": "Changed.", "sources": [], **fields}
    with pytest.raises(ValidationError):
        services.counterargument_edit(user=bob, counterargument=answer, **data)
    answer.refresh_from_db()
    assert (answer.body, answer.edited) == ("First *draft*.", None)
    assert not CounterargumentVersion.objects.exists()


def test_a_removed_item_cannot_be_edited(answer, bob):
    services.counterargument_remove(user=bob, counterargument=answer)
    with pytest.raises(ValidationError, match="can't be edited"):
        services.counterargument_edit(
            user=bob, counterargument=answer, stance="refutes", body="Back.", sources=[]
        )


def test_a_locked_debate_refuses_edits(answer, bob):
    answer.highlight.article.debate_locked = True
    answer.highlight.article.save()
    with pytest.raises(ValidationError, match="locked"):
        services.counterargument_edit(
            user=bob, counterargument=answer, stance="refutes", body="Late.", sources=[]
        )
    answer.refresh_from_db()
    assert answer.body == "First *draft*."


# The edit form.


def test_the_edit_form_is_a_fragment_for_htmx_and_a_page_otherwise(answer, bob_client):
    fragment = bob_client.get(f"/counterarguments/{answer.pk}/edit/", headers=HTMX)
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert f'id="edit-form-{answer.pk}"' in fragment.text
    assert "First *draft*." in fragment.text
    page = bob_client.get(f"/counterarguments/{answer.pk}/edit/")
    assert "<html" in page.text
    assert f'id="edit-form-{answer.pk}"' in page.text


def test_the_edit_form_saves_and_answers_the_thread(answer, bob_client):
    _age(answer, 20)
    response = bob_client.post(
        f"/counterarguments/{answer.pk}/edit/",
        {"stance": "supports", "body": "Changed my mind."},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert response["HX-Trigger"] == f'{{"counterargument-edited": {{"id": {answer.pk}}}}}'
    assert "Changed my mind." in response.text
    assert '<details class="meta edited">' in response.text
    assert "First *draft*." in response.text  # the earlier version, under the mark


def test_without_htmx_the_edit_form_redirects_to_the_item(answer, bob_client):
    response = bob_client.post(
        f"/counterarguments/{answer.pk}/edit/", {"stance": "supports", "body": "Changed."}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#ca-{answer.pk}")


def test_a_bad_edit_re_renders_the_form_with_the_error(answer, bob_client):
    response = bob_client.post(
        f"/counterarguments/{answer.pk}/edit/", {"stance": "supports", "body": "   "}, headers=HTMX
    )
    assert response.status_code == 422
    assert response["HX-Retarget"] == f"#edit-form-{answer.pk}"
    assert "Write something first." in response.text
    answer.refresh_from_db()
    assert answer.body == "First *draft*."
    page = bob_client.post(
        f"/counterarguments/{answer.pk}/edit/", {"stance": "nope", "body": "Changed."}
    )
    assert page.status_code == 422
    assert "<html" in page.text


def test_another_member_gets_403_on_the_edit_form(answer, alice_client):
    assert alice_client.get(f"/counterarguments/{answer.pk}/edit/").status_code == 403
    response = alice_client.post(
        f"/counterarguments/{answer.pk}/edit/", {"stance": "supports", "body": "Mine."}
    )
    assert response.status_code == 403
    answer.refresh_from_db()
    assert answer.body == "First *draft*."


def test_a_hidden_item_is_404_to_other_members_on_the_edit_form(answer, alice_client):
    Counterargument.objects.filter(pk=answer.pk).update(visibility=Visibility.HIDDEN_BY_MODERATOR)
    assert alice_client.get(f"/counterarguments/{answer.pk}/edit/").status_code == 404


def test_an_anonymous_reader_is_sent_to_sign_in_from_the_edit_form(answer, client):
    response = client.get(f"/counterarguments/{answer.pk}/edit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_put_is_not_allowed_on_the_edit_endpoint(answer, bob_client):
    assert bob_client.put(f"/counterarguments/{answer.pk}/edit/").status_code == 405


def test_readers_see_the_earlier_versions_under_the_edited_mark(answer, bob, client):
    _age(answer, 20)
    services.counterargument_edit(
        user=bob, counterargument=answer, stance="supports", body="Now <b>this</b>.", sources=[]
    )
    text = client.get(
        f"/articles/{answer.highlight.article_id}/passages/{answer.highlight_id}/", headers=HTMX
    ).text
    versions = text[text.index('<ol class="versions">') :]
    assert "Refutes" in versions[: versions.index("</ol>")]
    assert "First *draft*." in versions[: versions.index("</ol>")]
    assert "Now &lt;b&gt;this&lt;/b&gt;." in text


def test_showing_earlier_versions_costs_the_same_queries_for_one_or_many(
    passage, answer, alice, bob, client, django_assert_max_num_queries, lots_allowed
):
    url = f"/articles/{passage.article_id}/passages/{passage.pk}/"

    def edit_late(ca, body):
        _age(ca, 20)
        services.counterargument_edit(
            user=ca.author, counterargument=ca, stance="refutes", body=body, sources=[]
        )

    edit_late(answer, "One edit.")
    client.get(url)
    with django_assert_max_num_queries(50) as one:
        client.get(url)
    queries = len(one.captured_queries)  # read now: the next request resets the query log
    for n in range(5):
        ca = make_counterargument(user=alice, highlight=passage, body=f"Answer {n}.")
        edit_late(ca, f"Answer {n}, edited.")
        edit_late(ca, f"Answer {n}, edited twice.")
    # The new answers changed the passage's heat: the first read renders the cached article
    # body again (one query more, tests/debates/test_reading_cache.py); compare the next.
    client.get(url)
    with django_assert_max_num_queries(queries):
        response = client.get(url)
    assert response.text.count('<details class="meta edited">') == 6
