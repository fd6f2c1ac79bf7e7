"""Answering a passage: the service, the "Counter this" form (passage and first answer
together) and the answer form under an existing passage."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from annotations.models import Highlight, Visibility
from core.errors import RateLimited
from debates import services
from debates.models import Counterargument, Notification
from tests.factories import make_counterargument

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def test_a_member_answers_a_passage_with_stance_markdown_and_sources(passage, bob):
    ca = services.counterargument_post(
        user=bob,
        highlight=passage,
        stance="refutes",
        body="Prices fell **tenfold** only for *some* models.",
        sources=["https://example.org/prices", "http://data.example.com/a?b=1"],
    )
    ca.refresh_from_db()
    assert (ca.author, ca.highlight, ca.parent, ca.stance) == (bob, passage, None, "refutes")
    assert ca.body_html == (
        "<p>Prices fell <strong>tenfold</strong> only for <em>some</em> models.</p>\n"
    )
    assert ca.sources == ["https://example.org/prices", "http://data.example.com/a?b=1"]
    assert (ca.upvotes, ca.downvotes, ca.edited) == (0, 0, None)


def test_answering_counts_towards_the_passages_activity(passage, bob, carol):
    make_counterargument(user=bob, highlight=passage)
    make_counterargument(user=carol, highlight=passage)
    passage.refresh_from_db()
    assert passage.answers == 2


def test_the_passages_author_is_notified_but_not_of_their_own_answer(passage, alice, bob):
    make_counterargument(user=alice, highlight=passage)
    ca = make_counterargument(user=bob, highlight=passage)
    notification = Notification.objects.get()
    assert (notification.recipient, notification.actor, notification.kind) == (
        alice,
        bob,
        Notification.Kind.COUNTER,
    )
    assert notification.counterargument == ca


def test_sources_may_come_as_lines_and_duplicates_are_dropped(passage, bob):
    ca = make_counterargument(
        user=bob,
        highlight=passage,
        sources="https://a.example/1\n\n https://a.example/1 \nhttps://b.example/",
    )
    assert ca.sources == ["https://a.example/1", "https://b.example/"]


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        pytest.param({"body": ""}, "empty", id="empty body"),
        pytest.param({"body": "  \n\t "}, "empty", id="blank body"),
        pytest.param({"body": "x" * 10_001}, "too_long", id="body over 10,000 characters"),
        pytest.param({"stance": "agrees"}, "invalid_stance", id="unknown stance"),
        pytest.param({"stance": ""}, "invalid_stance", id="no stance"),
        pytest.param(
            {"sources": [f"https://example.org/{n}" for n in range(6)]},
            "too_many_sources",
            id="six sources",
        ),
        pytest.param({"sources": ["not a url"]}, "bad_source", id="malformed source"),
        pytest.param({"sources": ["javascript:alert(1)"]}, "bad_source", id="script source"),
        pytest.param({"sources": ["ftp://example.org/file"]}, "bad_source", id="ftp source"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(passage, bob, fields, code):
    data = {"stance": "refutes", "body": "Fine words.", "sources": [], **fields}
    with pytest.raises(ValidationError) as excinfo:
        services.counterargument_post(user=bob, highlight=passage, **data)
    assert excinfo.value.error_dict[next(iter(excinfo.value.error_dict))][0].code == code
    assert not Counterargument.objects.exists()
    assert not Notification.objects.exists()
    passage.refresh_from_db()
    assert passage.answers == 0


def test_a_body_of_exactly_10000_characters_is_accepted(passage, bob):
    assert len(make_counterargument(user=bob, highlight=passage, body="y" * 10_000).body) == 10_000


def test_five_sources_are_accepted(passage, bob):
    sources = [f"https://example.org/{n}" for n in range(5)]
    assert make_counterargument(user=bob, highlight=passage, sources=sources).sources == sources


def test_a_locked_debate_takes_no_answers(passage, bob):
    passage.article.debate_locked = True
    passage.article.save()
    with pytest.raises(ValidationError, match="locked"):
        make_counterargument(user=bob, highlight=passage)
    assert not Counterargument.objects.exists()


def test_an_anonymous_reader_cannot_answer(passage):
    with pytest.raises(PermissionDenied, match="Sign in"):
        make_counterargument(user=AnonymousUser(), highlight=passage)
    assert not Counterargument.objects.exists()


def test_an_orphaned_passage_takes_no_new_answers(passage, bob):
    passage.state = Highlight.State.ORPHANED
    passage.save()
    with pytest.raises(ValidationError, match="no longer in the text"):
        make_counterargument(user=bob, highlight=passage)
    assert not Counterargument.objects.exists()


def test_a_hidden_passage_takes_no_new_answers(passage, bob):
    passage.visibility = Visibility.HIDDEN_BY_MODERATOR
    passage.save()
    with pytest.raises(ValidationError, match="hidden"):
        make_counterargument(user=bob, highlight=passage)
    assert not Counterargument.objects.exists()


def test_a_flood_of_answers_is_slowed_down(passage, bob, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "counterargument": {"new": (2, 600)}}
    make_counterargument(user=bob, highlight=passage)
    make_counterargument(user=bob, highlight=passage)
    with pytest.raises(RateLimited):
        make_counterargument(user=bob, highlight=passage)
    assert Counterargument.objects.count() == 2


# "Counter this": the passage and its first answer in one transaction.


def _selection(article, words):
    start = article.text.index(words)
    return {"start": start, "end": start + len(words), "exact": words}


def test_counter_this_marks_the_passage_and_posts_the_first_answer_together(article, bob):
    ca = services.passage_counter(
        user=bob,
        article=article,
        **_selection(article, "twenty years of food"),
        stance="qualifies",
        body="Food is not the only cost.",
    )
    highlight = Highlight.objects.get()
    assert ca.highlight == highlight
    assert (highlight.author, highlight.exact, highlight.answers) == (
        bob,
        "twenty years of food",
        1,
    )


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"body": ""}, id="empty body"),
        pytest.param({"stance": "nope"}, id="unknown stance"),
        pytest.param({"sources": ["bad"]}, id="bad source"),
        pytest.param({"exact": "other words"}, id="selection that does not match"),
    ],
)
def test_a_refused_counter_this_leaves_neither_passage_nor_answer(article, bob, fields):
    data = {
        **_selection(article, "twenty years of food"),
        "stance": "refutes",
        "body": "Fine.",
        **fields,
    }
    with pytest.raises(ValidationError):
        services.passage_counter(user=bob, article=article, **data)
    assert not Highlight.objects.exists()
    assert not Counterargument.objects.exists()


def test_a_counter_this_refused_after_the_passage_was_marked_rolls_the_passage_back(
    article, bob, settings
):
    # The answer limit is checked after the passage row exists: the transaction must undo it.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "counterargument": {"new": (0, 600)}}
    with pytest.raises(RateLimited):
        services.passage_counter(
            user=bob,
            article=article,
            **_selection(article, "twenty years of food"),
            stance="refutes",
            body="Fine.",
        )
    assert not Highlight.objects.exists()
    assert not Counterargument.objects.exists()


def test_the_counter_this_form_posts_both_and_answers_the_marked_body(article, bob_client):
    response = bob_client.post(
        f"/articles/{article.pk}/counter/",
        {**_selection(article, "twenty years of food"), "stance": "refutes", "body": "No."},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    highlight = Highlight.objects.get()
    assert f'id="mark-{highlight.pk}"' in response.text
    assert Counterargument.objects.get().highlight == highlight
    assert response["HX-Trigger"] == f'{{"passage-highlighted": {{"id": {highlight.pk}}}}}'
    assert response["HX-Push-Url"] == f"/articles/{article.pk}/passages/{highlight.pk}/"


def test_the_empty_passage_lists_are_not_shown_until_the_first_passage(article, bob_client):
    page = bob_client.get(f"/articles/{article.pk}/").text
    assert '<section class="passages" id="passage-lists" hidden>' in page
    response = bob_client.post(
        f"/articles/{article.pk}/counter/",
        {**_selection(article, "twenty years of food"), "stance": "refutes", "body": "No."},
        headers=HTMX,
    )
    assert '<section class="passages" id="passage-lists" hx-swap-oob="true">' in response.text
    assert "twenty years of food" in response.text.split('id="passage-lists"')[1]


def test_a_refused_counter_this_form_shows_the_error_and_stores_nothing(article, bob_client):
    response = bob_client.post(
        f"/articles/{article.pk}/counter/",
        {**_selection(article, "twenty years of food"), "stance": "refutes", "body": " "},
        headers=HTMX,
    )
    assert response.status_code == 422
    assert "<html" not in response.text
    assert 'id="counter-errors"' in response.text
    assert "Write something first." in response.text or "This field is required." in response.text
    assert not Highlight.objects.exists()
    assert not Counterargument.objects.exists()


def test_a_rate_limited_counter_this_says_slow_down(article, bob_client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "counterargument": {"new": (0, 600)}}
    response = bob_client.post(
        f"/articles/{article.pk}/counter/",
        {**_selection(article, "twenty years of food"), "stance": "refutes", "body": "No."},
        headers=HTMX,
    )
    assert response.status_code == 429
    assert "Slow down" in response.text
    assert not Highlight.objects.exists()


# The answer form under an existing passage.


def test_the_answer_form_posts_and_answers_the_thread_fragment(passage, bob_client):
    response = bob_client.post(
        f"/passages/{passage.pk}/counterarguments/",
        {"stance": "asks", "body": "Which *models*?", "sources": "https://example.org/x"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    ca = Counterargument.objects.get()
    assert response["HX-Trigger"] == f'{{"counterargument-created": {{"id": {ca.pk}}}}}'
    assert f'id="thread-{passage.pk}"' in response.text
    assert "Which <em>models</em>?" in response.text
    assert '<a href="https://example.org/x" rel="nofollow ugc noopener"' in response.text
    assert ">example.org</a>" in response.text


def test_the_stance_is_shown_as_a_label_with_its_icon(passage, bob, client):
    make_counterargument(user=bob, highlight=passage, stance="supports")
    response = client.get(f"/articles/{passage.article_id}/passages/{passage.pk}/", headers=HTMX)
    assert '<span class="stance stance-supports">' in response.text
    assert '<span class="stance-icon" aria-hidden="true">✓</span> Supports' in response.text


def test_no_stance_is_chosen_for_the_writer_in_any_form(passage, bob, bob_client):
    answer = make_counterargument(user=bob, highlight=passage, stance="supports")
    response = bob_client.get(f"/articles/{passage.article_id}/passages/{passage.pk}/")
    # The "Counter this" form, the answer form and the reply form: four stances each.
    assert response.text.count('name="stance"') == 12
    assert " checked" not in response.text
    # Editing keeps the stance the answer has.
    edit = bob_client.get(f"/counterarguments/{answer.pk}/edit/", headers=HTMX)
    assert edit.text.count(" checked") == 1
    assert 'value="supports" id="edit-stance' in edit.text


def test_an_answer_without_a_stance_is_refused_with_its_words_kept(passage, bob_client):
    response = bob_client.post(
        f"/passages/{passage.pk}/counterarguments/", {"body": "Which models?"}, headers=HTMX
    )
    assert response.status_code == 422
    assert "This field is required." in response.text
    assert "Which models?" in response.text
    assert not Counterargument.objects.exists()


def test_without_htmx_the_answer_form_redirects_to_the_answer(passage, bob_client):
    response = bob_client.post(
        f"/passages/{passage.pk}/counterarguments/", {"stance": "refutes", "body": "No."}
    )
    ca = Counterargument.objects.get()
    assert response.status_code == 302
    assert (
        response["Location"] == f"/articles/{passage.article_id}/passages/{passage.pk}/#ca-{ca.pk}"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param({"stance": "refutes", "body": ""}, "This field is required.", id="empty"),
        pytest.param({"stance": "refutes", "body": "   "}, "Write something first.", id="blank"),
        pytest.param(
            {"stance": "refutes", "body": "x" * 10_001},
            "at most 10000 characters",
            id="too long",
        ),
        pytest.param({"stance": "agrees", "body": "No."}, "Select a valid choice", id="stance"),
        pytest.param(
            {"stance": "refutes", "body": "No.", "sources": "https://a.example\nnot-a-url"},
            "is not a web address",
            id="bad source",
        ),
        pytest.param(
            {
                "stance": "refutes",
                "body": "No.",
                "sources": "\n".join(f"https://example.org/{n}" for n in range(6)),
            },
            "at most 5 sources",
            id="six sources",
        ),
    ],
)
def test_the_answer_form_re_renders_with_the_error_and_stores_nothing(
    passage, bob_client, data, message
):
    response = bob_client.post(f"/passages/{passage.pk}/counterarguments/", data, headers=HTMX)
    assert response.status_code == 422
    assert "<html" not in response.text
    assert f'id="answer-form-{passage.pk}"' in response.text
    assert response["HX-Retarget"] == f"#answer-form-{passage.pk}"
    assert message in response.text
    assert not Counterargument.objects.exists()


def test_without_htmx_a_refused_answer_shows_the_reading_page_with_the_error(passage, bob_client):
    response = bob_client.post(
        f"/passages/{passage.pk}/counterarguments/", {"stance": "refutes", "body": "  "}
    )
    assert response.status_code == 422
    assert "<html" in response.text
    assert "Write something first." in response.text
    assert not Counterargument.objects.exists()


def test_a_locked_article_refuses_the_answer_form(passage, bob_client):
    passage.article.debate_locked = True
    passage.article.save()
    response = bob_client.post(
        f"/passages/{passage.pk}/counterarguments/",
        {"stance": "refutes", "body": "No."},
        headers=HTMX,
    )
    assert response.status_code == 422
    assert "This article&#x27;s debate is locked." in response.text
    assert not Counterargument.objects.exists()


def test_an_anonymous_post_is_sent_to_sign_in(passage, client):
    response = client.post(
        f"/passages/{passage.pk}/counterarguments/", {"stance": "refutes", "body": "No."}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert not Counterargument.objects.exists()


def test_an_anonymous_htmx_post_gets_a_401_that_redirects_to_sign_in(passage, client):
    response = client.post(
        f"/passages/{passage.pk}/counterarguments/",
        {"stance": "refutes", "body": "No."},
        headers={**HTMX, "HX-Current-URL": f"/articles/{passage.article_id}/"},
    )
    assert response.status_code == 401
    assert response["HX-Redirect"] == f"/accounts/login/?next=/articles/{passage.article_id}/"
    assert not Counterargument.objects.exists()


def test_an_unknown_passage_is_404(bob_client, db):
    response = bob_client.post(
        "/passages/999999/counterarguments/", {"stance": "refutes", "body": "No."}
    )
    assert response.status_code == 404


def test_a_hidden_passage_is_404_to_other_members(passage, bob_client):
    passage.visibility = Visibility.HIDDEN_BY_MODERATOR
    passage.save()
    response = bob_client.post(
        f"/passages/{passage.pk}/counterarguments/", {"stance": "refutes", "body": "No."}
    )
    assert response.status_code == 404


def test_get_is_not_allowed_on_the_answer_endpoint(passage, bob_client):
    assert bob_client.get(f"/passages/{passage.pk}/counterarguments/").status_code == 405


def test_anonymous_readers_are_invited_to_sign_in_to_answer(passage, client):
    response = client.get(f"/articles/{passage.article_id}/passages/{passage.pk}/", headers=HTMX)
    assert "Sign in to answer this passage" in response.text
    assert 'id="answer-form-' not in response.text


def test_counter_this_on_a_locked_article_stores_nothing(article, bob):
    article.debate_locked = True
    article.save()
    with pytest.raises(ValidationError, match="locked"):
        services.passage_counter(
            user=bob,
            article=article,
            **_selection(article, "twenty years of food"),
            stance="refutes",
            body="Fine.",
        )
    assert not Highlight.objects.exists()
    assert not Counterargument.objects.exists()


@pytest.fixture
def suspended_bob(bob):
    from datetime import timedelta

    from django.utils import timezone

    bob.suspended_until = timezone.now() + timedelta(days=1)
    bob.suspension_reason = "Spam."
    bob.save()
    return bob


def test_a_suspended_member_cannot_answer(passage, suspended_bob):
    with pytest.raises(PermissionDenied, match="suspended"):
        make_counterargument(user=suspended_bob, highlight=passage)
    assert not Counterargument.objects.exists()


def test_a_suspended_member_is_told_why_in_the_form(passage, suspended_bob, bob_client):
    response = bob_client.post(
        f"/passages/{passage.pk}/counterarguments/",
        {"stance": "refutes", "body": "No."},
        headers=HTMX,
    )
    assert response.status_code == 403
    assert "Your account is suspended until" in response.text
    assert "Reason: Spam." in response.text
    assert not Counterargument.objects.exists()
