"""The API's read models (annotations/api_output.py, debates/api_output.py) give, byte for
byte, the JSON of the output serializers that document them in the OpenAPI schema: same
keys in the same order, same values, for every kind of row and reader."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIRequestFactory

from accounts.models import User
from annotations import api_output as annotation_output
from annotations import selectors as annotation_selectors
from annotations.models import Article, Highlight, Visibility
from annotations.serializers import ArticleListOutput, ArticleOutput, HighlightOutput
from core.api.output import Links, row_columns
from debates import api_output as debate_output
from debates import selectors as debate_selectors
from debates.models import Counterargument, Stance
from debates.selectors import AnswerRow
from debates.serializers import CounterargumentOutput, VoteOutput
from tests.factories import UserFactory, make_article, make_counterargument, make_reply

pytestmark = pytest.mark.django_db


def _request(user=None, host="testserver", secure=False):
    request = APIRequestFactory().get("/api/v1/articles/", HTTP_HOST=host, secure=secure)
    request.user = user or AnonymousUser()
    return request


def _json(data) -> bytes:
    return JSONRenderer().render(data)


@pytest.fixture
def articles(alice):
    """An article of every shape: a published date, a member with no display name, a
    deleted importer, words outside ASCII."""
    nameless = UserFactory(username="nameless", display_name="")
    made = [
        make_article(user=alice, title="Cheaper every year", published=datetime.date(2025, 3, 1)),
        make_article(
            user=nameless, title="人工智能每年便宜十倍", text="每年便宜十倍。", language="zh-hans"
        ),
        make_article(
            user=UserFactory(username="gone"),
            title="Orphaned",
            text="An importer who left.",
            source_url="https://example.org/a?b=c",
            author="A. Writer",
            publisher="The Paper",
        ),
    ]
    Article.objects.filter(imported_by__username="gone").update(imported_by=None)
    return made


@pytest.mark.parametrize(
    "zone", [pytest.param("UTC", id="utc"), pytest.param("Asia/Shanghai", id="shanghai")]
)
@pytest.mark.parametrize(
    ("host", "secure"),
    [
        pytest.param("testserver", False, id="http"),
        pytest.param("api.example.org:8443", True, id="https-port"),
    ],
)
def test_the_article_list_rows_are_the_serializers(articles, settings, zone, host, secure):
    settings.ALLOWED_HOSTS = ["*"]
    request = _request(host=host, secure=secure)
    with timezone.override(zone):
        theirs = ArticleListOutput(
            annotation_selectors.article_list(), many=True, context={"request": request}
        ).data
        links = Links(request)
        ours = [
            annotation_output.article_list_item(row, links)
            for row in annotation_output.article_rows(annotation_selectors.article_list())
        ]
    assert len(ours) == 3
    assert _json(ours) == _json(theirs)


def test_an_article_with_its_text_is_the_serializers(articles, passage):
    request = _request()
    for article in Article.objects.select_related("imported_by"):
        counts = annotation_selectors.passage_counts(article, None)
        theirs = ArticleOutput(article, context={"request": request, "passage_counts": counts}).data
        ours = annotation_output.article_item(article, counts, Links(request))
        assert _json(ours) == _json(theirs)


def test_a_passage_is_the_serializers(passage, bob):
    make_counterargument(user=bob, highlight=passage)
    request = _request(bob)
    highlight = Highlight.objects.select_related("author").get(pk=passage.pk)
    theirs = HighlightOutput(highlight, context={"request": request}).data
    assert _json(annotation_output.highlight_item(highlight, Links(request))) == _json(theirs)


def test_links_without_a_request_are_paths_as_the_serializers_give(passage):
    highlight = Highlight.objects.select_related("author").get(pk=passage.pk)
    assert _json(annotation_output.highlight_item(highlight, Links(None))) == _json(
        HighlightOutput(highlight).data
    )


@pytest.fixture
def thread(passage, alice, bob):
    """bob's answers in every visibility (one edited late, one with sources), a reply."""
    items = []
    for visibility in Visibility.values:
        ca = make_counterargument(
            user=bob, highlight=passage, sources=["https://example.org/😀?x=1"]
        )
        Counterargument.objects.filter(pk=ca.pk).update(
            visibility=visibility, upvotes=3, downvotes=1
        )
        items.append(ca.pk)
    edited = make_counterargument(user=bob, highlight=passage, body="Edited *later*.")
    Counterargument.objects.filter(pk=edited.pk).update(edited=timezone.now())
    reply = make_reply(user=alice, parent=edited)
    return [*items, edited.pk, reply.pk]


@pytest.mark.parametrize("reader", ["anon", "alice", "bob", "mona"])
def test_answers_are_the_serializers_for_every_reader(thread, passage, reader, request):
    user = None if reader == "anon" else request.getfixturevalue(reader)
    http = _request(user)
    links = Links(http)
    for n, ca in enumerate(Counterargument.objects.select_related("author").filter(pk__in=thread)):
        vote, replies = (n % 3) - 1, n
        context = {"request": http, "votes": {ca.pk: vote}, "reply_counts": {ca.pk: replies}}
        ca.highlight = passage
        theirs = CounterargumentOutput(ca, context=context).data
        ours = debate_output.counterargument_item(
            AnswerRow.of(ca),
            user=http.user,
            my_vote=vote,
            replies=replies,
            article_id=passage.article_id,
            links=links,
        )
        assert _json(ours) == _json(theirs), ca.visibility


@pytest.mark.parametrize("ordering", ["best", "controversial", "newest"])
@pytest.mark.parametrize("reader", ["anon", "alice", "bob", "mona"])
def test_the_api_listing_of_a_passage_is_its_thread(thread, passage, reader, ordering, request):
    """passage_answers (rows, for the API) lists what passage_thread (models, for the
    page) has at its top level: the same items in the same order, with the reader's
    votes and the number of replies under each."""
    from debates import services

    user = None if reader == "anon" else request.getfixturevalue(reader)
    voter = UserFactory(username="voter")
    for n, pk in enumerate(thread[:4]):
        ca = Counterargument.objects.get(pk=pk)
        if ca.is_open:
            services.vote_cast(user=voter, counterargument=ca, value=1 if n % 2 else -1)
            if user is not None and ca.author_id != user.pk:
                services.vote_cast(user=user, counterargument=ca, value=-1)
    make_reply(user=voter, parent=Counterargument.objects.get(pk=thread[-2]))
    roots = debate_selectors.passage_thread(highlight=passage, user=user, ordering=ordering)
    listings = debate_selectors.passage_answers(highlight=passage, user=user, ordering=ordering)
    assert [(AnswerRow.of(n.item), n.my_vote, len(n.children)) for n in roots] == [
        (listing.row, listing.my_vote, listing.replies) for listing in listings
    ]
    assert {listing.replies for listing in listings} == {0, 2}


def test_a_vote_answer_is_the_serializers(answer):
    for mine in (1, -1, 0):
        theirs = VoteOutput(answer, context={"my_vote": mine}).data
        assert _json(debate_output.vote_item(answer, my_vote=mine)) == _json(theirs)


# Generated rows: every column a read model selects, with values of any shape the
# database holds (text outside ASCII, empty names, no date, far-off timestamps), read
# in several time zones; the read model and the serializer must give the same bytes.
_words = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=30)
_moments = st.datetimes(
    min_value=datetime.datetime(1971, 1, 1),
    max_value=datetime.datetime(2099, 12, 31),
    timezones=st.just(datetime.UTC),
)
_zones = st.sampled_from(["UTC", "Asia/Shanghai", "America/St_Johns"])
_generated = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


class _Rollback(Exception):
    pass


def _each_example_apart(check):
    """Runs `check` in a savepoint rolled back after it, so examples see no other's rows."""
    try:
        with transaction.atomic():
            check()
            raise _Rollback
    except _Rollback:
        pass


def test_the_columns_are_derived_from_the_serializers():
    """What the derivation gives (the fields' sources; a member's name columns through
    the relation), and that the article list's query selects exactly that."""
    assert row_columns(ArticleListOutput) == (
        "id",
        "title",
        "language",
        "source_url",
        "publisher",
        "author",
        "published",
        "revision",
        "debate_locked",
        "imported_by__username",
        "imported_by__display_name",
        "created",
        "updated",
    )
    rows = annotation_output.article_rows(Article.objects.all())
    assert tuple(rows.query.values_select) + tuple(rows.query.annotation_select) == (
        row_columns(ArticleListOutput)
    )
    # score is a property (computed from the votes), my_vote and the links are methods.
    assert "score" not in AnswerRow.columns()
    assert {"upvotes", "downvotes", "author__display_name", "author_id"} <= set(AnswerRow.columns())


@_generated
@given(
    title=_words.filter(bool),
    publisher=_words,
    author=_words,
    source_url=_words,
    display_name=_words,
    importer=st.booleans(),
    published=st.none() | st.dates(datetime.date(1, 1, 1), datetime.date(9999, 12, 31)),
    created=_moments,
    updated=_moments,
    revision=st.integers(1, 2**31 - 1),
    locked=st.booleans(),
    zone=_zones,
)
def test_generated_article_rows_are_the_serializers(
    article, alice, title, publisher, author, source_url, display_name, importer, published,
    created, updated, revision, locked, zone,
):  # fmt: skip
    def check():
        User.objects.filter(pk=alice.pk).update(display_name=display_name)
        Article.objects.filter(pk=article.pk).update(
            title=title,
            publisher=publisher,
            author=author,
            source_url=source_url,
            imported_by=alice if importer else None,
            published=published,
            created=created,
            updated=updated,
            revision=revision,
            debate_locked=locked,
        )
        request = _request()
        with timezone.override(zone):
            theirs = ArticleListOutput(
                annotation_selectors.article_list(), many=True, context={"request": request}
            ).data
            links = Links(request)
            ours = [
                annotation_output.article_list_item(row, links)
                for row in annotation_output.article_rows(annotation_selectors.article_list())
            ]
        assert _json(ours) == _json(theirs)

    _each_example_apart(check)


@_generated
@given(
    body=_words,
    body_html=_words,
    sources=st.lists(_words, max_size=3),
    stance=st.sampled_from(Stance.values),
    visibility=st.sampled_from(Visibility.values),
    upvotes=st.integers(0, 2**31 - 1),
    downvotes=st.integers(0, 2**31 - 1),
    created=_moments,
    edited=st.none() | _moments,
    display_name=_words,
    reply=st.booleans(),
    reader=st.sampled_from(["anon", "author", "other", "moderator"]),
    zone=_zones,
)
def test_generated_answer_rows_are_the_serializers(
    passage, bob, alice, mona, body, body_html, sources, stance, visibility, upvotes, downvotes,
    created, edited, display_name, reply, reader, zone,
):  # fmt: skip
    def check():
        parent = make_counterargument(user=alice, highlight=passage)
        ca = (
            make_reply(user=bob, parent=parent)
            if reply
            else make_counterargument(user=bob, highlight=passage)
        )
        User.objects.filter(pk=bob.pk).update(display_name=display_name)
        Counterargument.objects.filter(pk=ca.pk).update(
            body=body,
            body_html=body_html,
            sources=sources,
            stance=stance,
            visibility=visibility,
            upvotes=upvotes,
            downvotes=downvotes,
            created=created,
            edited=edited,
        )
        user = {"anon": None, "author": bob, "other": alice, "moderator": mona}[reader]
        http = _request(user)
        links = Links(http)
        # The row as the database gives it (the derived columns), and as of() makes it.
        (row,) = [r for r in debate_selectors.answer_row_list(passage) if r.pk == ca.pk]
        instance = Counterargument.objects.select_related("author", "highlight").get(pk=ca.pk)
        assert row == AnswerRow.of(instance)
        with timezone.override(zone):
            theirs = CounterargumentOutput(
                instance, context={"request": http, "votes": {}, "reply_counts": {}}
            ).data
            ours = debate_output.counterargument_item(
                row, user=http.user, my_vote=0, replies=0, article_id=passage.article_id,
                links=links,
            )  # fmt: skip
        assert _json(ours) == _json(theirs)

    _each_example_apart(check)
