"""The admin keeps the audit trail: a new title is a revision, the lock only moves
through the logged lock actions. (v1's change form let an administrator do both
silently.)"""

import pytest

from annotations.models import Article, ArticleRevision
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(alice):
    return make_article(user=alice, title="Old title", text="AI cost falls tenfold.")


def _form(article, **changes):
    data = {
        "title": article.title,
        "slug": article.slug,
        "source_url": article.source_url,
        "publisher": article.publisher,
        "author": article.author,
        "published": "",
        "language": article.language,
        "revisions-TOTAL_FORMS": "0",
        "revisions-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_a_retitle_in_the_admin_is_a_revision_with_its_author(admin_client, admin_user, article):
    url = f"/admin/annotations/article/{article.pk}/change/"
    response = admin_client.post(url, _form(article, title="New title"))
    assert response.status_code == 302, response.content[:2000]
    article.refresh_from_db()
    assert article.title == "New title"
    assert article.revision == 2
    old = ArticleRevision.objects.get(article=article)
    assert (old.title, old.created_by) == ("Old title", admin_user)


def test_the_lock_cannot_be_flipped_in_the_change_form(admin_client, article):
    url = f"/admin/annotations/article/{article.pk}/change/"
    assert 'name="debate_locked"' not in admin_client.get(url).text
    admin_client.post(url, _form(article, debate_locked="on"))
    assert Article.objects.get(pk=article.pk).debate_locked is False


def test_articles_are_not_added_in_the_admin(admin_client):
    assert admin_client.get("/admin/annotations/article/add/").status_code == 403


def test_the_api_leaves_title_and_lock_to_the_services_too(alice_client, article):
    response = alice_client.patch(
        f"/api/v1/articles/{article.pk}/",
        {"debate_locked": True},
        content_type="application/json",
    )
    assert response.status_code in (400, 405)
    assert Article.objects.get(pk=article.pk).debate_locked is False


def test_the_text_is_not_edited_in_the_change_form_but_the_form_links_the_revise_page(
    admin_client, article
):
    url = f"/admin/annotations/article/{article.pk}/change/"
    page = admin_client.get(url).text
    assert 'name="text"' not in page
    assert f'href="/articles/{article.pk}/revise/"' in page
    admin_client.post(url, _form(article, text="Rewritten behind the history's back."))
    article.refresh_from_db()
    assert (article.text, article.revision) == ("AI cost falls tenfold.", 1)
    assert not ArticleRevision.objects.exists()


def test_the_linked_revise_page_records_a_revision_by_the_administrator(
    admin_client, admin_user, article
):
    response = admin_client.post(
        f"/articles/{article.pk}/revise/", {"title": "Old title", "text": "AI cost falls fast."}
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.text, article.revision) == ("AI cost falls fast.", 2)
    old = ArticleRevision.objects.get(article=article)
    assert (old.text, old.created_by) == ("AI cost falls tenfold.", admin_user)


def test_revisions_are_not_added_or_changed_by_hand_in_the_admin(admin_client, admin_user, article):
    from annotations import services

    services.article_revise(user=admin_user, article=article, text="AI cost falls fast.")
    revision = ArticleRevision.objects.get()
    assert admin_client.get("/admin/annotations/articlerevision/add/").status_code == 403
    url = f"/admin/annotations/articlerevision/{revision.pk}/change/"
    assert admin_client.get(url).status_code == 200  # to read
    assert admin_client.post(url, {"title": "Forged", "text": "Forged"}).status_code == 403
    change = admin_client.get(f"/admin/annotations/article/{article.pk}/change/").text
    # The history inline offers no row to add.
    assert 'name="revisions-MAX_NUM_FORMS" value="0"' in change
    revision.refresh_from_db()
    assert (revision.title, revision.text) == ("Old title", "AI cost falls tenfold.")
