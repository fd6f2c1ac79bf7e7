"""Set-up for the moderation tests, through the real services."""

from debates import services
from tests.factories import UserFactory, make_article

TEXT = "AI prices fall tenfold a year, the report claims.\n\nTraining a person takes food."


def passage(*, author, article=None, words="tenfold a year"):
    from annotations import services as annotation_services

    article = article or make_article(user=author, text=TEXT)
    start = article.text.index(words)
    return annotation_services.highlight_create(
        user=author, article=article, start=start, end=start + len(words), exact=words
    )


def answer(*, author, highlight, body="Prices fell less than that in 2024."):
    return services.counterargument_post(
        user=author, highlight=highlight, stance="refutes", body=body
    )


def flaggers(n: int):
    return [UserFactory(username=f"flagger{i}") for i in range(n)]
