"""A passage as a W3C Web Annotation, and back."""

import pytest
from django.core.exceptions import ValidationError

from annotations import services, w3c
from annotations.models import Highlight
from tests.factories import make_article

pytestmark = pytest.mark.django_db

TEXT = "🍚 一碗米饭的能量，和一次推理的能耗，能比较吗？\n\nA bowl of rice against one query."


@pytest.fixture
def article(alice):
    return make_article(user=alice, text=TEXT, title="Rice")


def export(highlight):
    return w3c.to_annotation(
        highlight,
        id=f"https://counterpoint.example/api/v1/highlights/{highlight.pk}/",
        source=f"https://counterpoint.example/articles/{highlight.article_id}/",
        creator=f"https://counterpoint.example/u/{highlight.author.username}/",
    )


def test_a_highlight_serialises_to_a_w3c_annotation(article, bob):
    words = "一次推理的能耗"
    start = TEXT.index(words)
    highlight = services.highlight_create(
        user=bob, article=article, start=start, end=start + len(words), exact=words
    )
    annotation = export(highlight)
    assert annotation["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert annotation["type"] == "Annotation"
    assert annotation["target"]["source"].endswith(f"/articles/{article.pk}/")
    quote, position = annotation["target"]["selector"]
    assert quote == {
        "type": "TextQuoteSelector",
        "exact": words,
        "prefix": TEXT[:start],
        "suffix": TEXT[start + len(words) : start + len(words) + 32],
    }
    assert position == {"type": "TextPositionSelector", "start": 11, "end": 18}


def test_an_exported_annotation_imports_into_a_copy_of_the_article_as_the_same_passage(
    article, alice, bob
):
    words = "A bowl of rice"
    start = TEXT.index(words)
    original = services.highlight_create(
        user=bob, article=article, start=start, end=start + len(words), exact=words
    )
    copy = make_article(user=alice, text="Preface.\n\n" + TEXT, title="Copy")
    imported = services.highlight_import_w3c(user=alice, article=copy, annotation=export(original))
    assert imported.exact == original.exact
    assert copy.text[imported.start : imported.end] == words
    assert imported.start == original.start + len("Preface.\n\n")


def test_an_annotation_whose_quote_is_not_in_the_text_is_refused(article, bob):
    annotation = {
        "@context": w3c.CONTEXT,
        "type": "Annotation",
        "target": {
            "source": "https://elsewhere.example/",
            "selector": {"type": "TextQuoteSelector", "exact": "not in this article"},
        },
    }
    with pytest.raises(ValidationError) as caught:
        services.highlight_import_w3c(user=bob, article=article, annotation=annotation)
    assert caught.value.code == "mismatch"
    assert not Highlight.objects.exists()


@pytest.mark.parametrize(
    "annotation",
    [
        pytest.param([], id="not-an-object"),
        pytest.param({"type": "Note"}, id="wrong-type"),
        pytest.param({"type": "Annotation"}, id="no-target"),
        pytest.param({"type": "Annotation", "target": {"selector": []}}, id="no-quote"),
        pytest.param(
            {
                "type": "Annotation",
                "target": {
                    "selector": [
                        {"type": "TextQuoteSelector", "exact": "rice"},
                        {"type": "TextPositionSelector", "start": "0", "end": 4},
                    ]
                },
            },
            id="position-not-a-number",
        ),
    ],
)
def test_malformed_annotations_are_refused_with_a_reason(article, bob, annotation):
    with pytest.raises(ValidationError) as caught:
        services.highlight_import_w3c(user=bob, article=article, annotation=annotation)
    assert caught.value.messages[0]
    assert not Highlight.objects.exists()
