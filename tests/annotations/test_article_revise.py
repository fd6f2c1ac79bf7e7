"""Revising an article's text keeps the old text and re-anchors every passage."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from annotations import services
from annotations.models import ArticleRevision, Highlight
from tests.factories import make_article

pytestmark = pytest.mark.django_db

TEXT = "First, the claim: AI gets ten times cheaper every year.\n\nSecond, the doubt."


@pytest.fixture
def article(alice):
    return make_article(user=alice, text=TEXT, title="Cheaper")


def mark(user, article, words):
    start = article.text.index(words)
    return services.highlight_create(
        user=user, article=article, start=start, end=start + len(words), exact=words
    )


def test_a_revision_keeps_the_old_text_and_moves_passages_with_their_words(article, alice, bob):
    highlight = mark(bob, article, "ten times cheaper")
    new_text = "A new opening.\n\n" + TEXT
    services.article_revise(user=alice, article=article, text=new_text)
    article.refresh_from_db()
    highlight.refresh_from_db()
    assert article.revision == 2
    assert article.text == new_text
    old = ArticleRevision.objects.get()
    assert (old.revision, old.text) == (1, TEXT)
    assert highlight.state == Highlight.State.ANCHORED
    assert new_text[highlight.start : highlight.end] == "ten times cheaper"
    assert highlight.revision == 2


def test_a_passage_whose_words_are_gone_is_orphaned_not_moved(article, alice, bob):
    highlight = mark(bob, article, "ten times cheaper")
    services.article_revise(
        user=alice, article=article, text="First, the claim: costs keep falling.\n\nSecond."
    )
    highlight.refresh_from_db()
    assert highlight.state == Highlight.State.ORPHANED
    assert highlight.exact == "ten times cheaper"


def test_orphaned_passages_are_listed_under_the_article(article, alice, bob, client):
    mark(bob, article, "ten times cheaper")
    services.article_revise(user=alice, article=article, text="Entirely different words now.")
    response = client.get(f"/articles/{article.pk}/")
    assert "Passages no longer in the text" in response.text
    assert "ten times cheaper" in response.text
    assert "<mark" not in response.text


def test_a_passage_comes_back_when_a_later_revision_restores_its_words(article, alice, bob):
    highlight = mark(bob, article, "ten times cheaper")
    services.article_revise(user=alice, article=article, text="Entirely different words now.")
    services.article_revise(user=alice, article=article, text=TEXT)
    highlight.refresh_from_db()
    assert highlight.state == Highlight.State.ANCHORED


def test_only_the_importer_or_an_administrator_may_revise(article, bob, mona):
    from tests.factories import UserFactory

    with pytest.raises(PermissionDenied):
        services.article_revise(user=bob, article=article, text="Hijacked.")
    # Moderators are staff (to reach the admin) but never change anyone's words.
    with pytest.raises(PermissionDenied):
        services.article_revise(user=mona, article=article, text="Moderated.")
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    services.article_revise(user=admin, article=article, text="Fixed by staff.")
    article.refresh_from_db()
    assert article.text == "Fixed by staff."


@pytest.mark.parametrize(
    ("text", "code"),
    [pytest.param("  ", "empty", id="empty"), pytest.param("x" * 200_001, "too_long", id="long")],
)
def test_a_bad_revision_changes_nothing(article, alice, text, code):
    with pytest.raises(ValidationError) as caught:
        services.article_revise(user=alice, article=article, text=text)
    assert caught.value.code == code
    article.refresh_from_db()
    assert (article.revision, article.text) == (1, TEXT)
    assert not ArticleRevision.objects.exists()


def test_an_unchanged_text_makes_no_revision(article, alice):
    services.article_revise(user=alice, article=article, text=TEXT + "\n")
    article.refresh_from_db()
    assert article.revision == 1
    assert not ArticleRevision.objects.exists()


def test_the_revise_page_saves_and_reports_orphans(article, alice_client, bob):
    mark(bob, article, "ten times cheaper")
    response = alice_client.post(
        f"/articles/{article.pk}/revise/", {"title": "Cheaper", "text": "Other words."}
    )
    assert response.status_code == 302
    page = alice_client.get(response.url)
    assert "1 no longer in the text" in page.text


def test_the_revise_page_is_403_for_other_members_and_asks_anonymous_to_sign_in(
    article, bob_client, client
):
    assert bob_client.get(f"/articles/{article.pk}/revise/").status_code == 403
    assert bob_client.post(f"/articles/{article.pk}/revise/", {"text": "x"}).status_code == 403
    assert client.get(f"/articles/{article.pk}/revise/").status_code == 302
    article.refresh_from_db()
    assert article.revision == 1


def test_the_revise_page_shows_errors_for_an_empty_text(article, alice_client):
    response = alice_client.post(f"/articles/{article.pk}/revise/", {"title": "t", "text": " "})
    assert response.status_code == 422
    article.refresh_from_db()
    assert article.revision == 1
