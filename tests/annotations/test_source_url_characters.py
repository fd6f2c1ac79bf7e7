"""A source link shows its address: no character in it may hide or reorder what readers
see. (v1 stored "https://exa\u202emple.com/" from the import form and the API.)"""

import pytest
from django.core.exceptions import ValidationError

from annotations import services
from annotations.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db

BIDI_HOST = "https://moc.\u202eevil.example/news"
INVISIBLE_HOST = "https://exa\u200bmple.org/a"


@pytest.mark.parametrize(
    ("url", "found"),
    [
        pytest.param(BIDI_HOST, "U+202E", id="override"),
        pytest.param("https://a\u2067b.example/", "U+2067", id="isolate"),
        pytest.param("https://e.org\u200e/a", "U+200E", id="mark"),
        pytest.param(INVISIBLE_HOST, "U+200B", id="zero-width-space"),
    ],
)
def test_the_service_refuses_a_source_url_hiding_characters(alice, url, found):
    with pytest.raises(ValidationError) as caught:
        services.article_import(user=alice, title="t", text="Words.", source_url=url)
    assert found in caught.value.message_dict["source_url"][0]
    assert not Article.objects.exists()


def test_an_ordinary_source_url_is_kept(alice):
    article = services.article_import(
        user=alice, title="t", text="Words.", source_url="https://example.org/新闻"
    )
    assert article.source_url == "https://example.org/新闻"


def test_the_import_form_says_so_on_the_field_and_keeps_the_text(alice_client):
    from tests.annotations.test_article_import import post_preview, post_source

    preview = post_source(alice_client, pasted="A title\n\nSome words here.", format="plain")
    assert preview.context["step"] == "preview"
    response = post_preview(alice_client, preview.context, title="A title", source_url=BIDI_HOST)
    assert response.status_code == 422
    assert response.context["form"].errors["source_url"]
    assert "invisible characters" in response.text
    assert "Some words here." in response.text
    assert not Article.objects.exists()


def test_the_admin_refuses_it_too(admin_client, alice):
    article = make_article(user=alice, title="T", text="Words.")
    data = {
        "title": "T",
        "slug": article.slug,
        "source_url": BIDI_HOST,
        "publisher": "",
        "author": "",
        "published": "",
        "language": article.language,
        "revisions-TOTAL_FORMS": "0",
        "revisions-INITIAL_FORMS": "0",
    }
    response = admin_client.post(f"/admin/annotations/article/{article.pk}/change/", data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["source_url"]
    assert Article.objects.get(pk=article.pk).source_url == ""
