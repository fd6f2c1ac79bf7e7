"""The scale dataset (manage.py seed_scale) and the hot queries of the load test: each
uses an index on PostgreSQL. With sequential scans switched off, a plan that still shows
a Seq Scan on one of the big tables has no index to use."""

import datetime
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Max
from django.utils import timezone

from accounts.models import User
from annotations import api_output as annotation_output
from annotations import selectors as annotation_selectors
from annotations.models import Article, Highlight
from debates import selectors as debate_selectors
from debates.management.commands.seed_scale import sizes
from debates.models import Counterargument, Vote

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="seed_scale is PostgreSQL only"),
]

SCALE = 0.0005  # 50 members, 5 articles, 500 passages, 1,500 answers, 5,000 votes
BIG = ("annotations_article", "annotations_highlight", "debates_counterargument", "debates_vote")


@pytest.fixture
def dataset():
    call_command("seed_scale", scale=SCALE, stdout=io.StringIO())


def test_the_dataset_has_its_sizes_consistent_counters_and_a_power_law(dataset):
    n = sizes(SCALE)
    assert User.objects.filter(username__startswith="scale-").count() == n["members"]
    assert Article.objects.count() == n["articles"]
    assert Highlight.objects.count() == n["passages"]
    assert Counterargument.objects.count() == n["answers"]
    assert Counterargument.objects.filter(parent__isnull=False).count() == n["answers"] // 3
    votes = Vote.objects.count()
    assert 0.7 * n["votes"] < votes <= n["votes"]  # random duplicates dropped
    for h in Highlight.objects.select_related("article"):
        assert h.article.text[h.start : h.end] == h.exact
        assert h.article.text[: h.start].endswith(h.prefix)
        assert h.article.text[h.end :].startswith(h.suffix)
    answers = dict(Counterargument.objects.values_list("highlight").annotate(n=Count("pk")))
    for pk, count in Highlight.objects.values_list("pk", "answers"):
        assert answers.get(pk, 0) == count
    up = Vote.objects.filter(value=1).values("counterargument").annotate(n=Count("pk"))
    for row in up[:50]:
        assert Counterargument.objects.get(pk=row["counterargument"]).upvotes == row["n"]
    for reply in Counterargument.objects.filter(parent__isnull=False).select_related("parent"):
        assert reply.highlight_id == reply.parent.highlight_id
    # A few articles hold most of the debate: the busiest holds far more than its share.
    busiest = Article.objects.annotate(n=Count("highlights")).aggregate(m=Max("n"))["m"]
    assert busiest > 2 * n["passages"] / n["articles"]


def test_the_command_refuses_bad_input_and_stores_nothing(db):
    with pytest.raises(CommandError, match="--scale"):
        call_command("seed_scale", scale=0)
    with pytest.raises(CommandError, match="--seed"):
        call_command("seed_scale", scale=0.001, seed=3)
    assert not Article.objects.exists()


def plan(queryset, *switched_off: str) -> str:
    """The plan with the given node types made prohibitively expensive: if one remains,
    nothing else (no index) could serve the query, at any table size."""
    with connection.cursor() as cursor:
        for setting in ("enable_seqscan", *switched_off):
            cursor.execute(f"SET LOCAL {setting} = off")
    text = queryset.explain()
    with connection.cursor() as cursor:
        cursor.execute("RESET ALL")
    return text


def seq_scans(text: str) -> list[str]:
    return [t for t in re.findall(r"Seq Scan on (\w+)", text) if t in BIG]


def test_the_hot_queries_use_indexes(dataset, alice):
    hot = Highlight.objects.order_by("-answers").select_related("article").first()
    article = hot.article
    answer = Counterargument.objects.filter(highlight=hot).first()
    queries = {
        "article list": annotation_selectors.article_list()[:20],
        "reading page passages": Highlight.objects.filter(article=article)
        .visible_to(alice)
        .select_related("author")
        .order_by("start", "pk"),
        "passage answers": Counterargument.objects.filter(highlight=hot)
        .select_related("author")
        .order_by("created", "pk"),
        "reader's votes on a passage": Vote.objects.filter(
            user=alice, counterargument__highlight=hot
        ).values_list("counterargument_id", "value"),
        "passage answers, the API's rows": debate_selectors.answer_rows(hot),
        "article list, the API's rows": annotation_output.article_rows(
            annotation_selectors.article_list()
        )[:20],
        "a vote": Vote.objects.filter(user=alice, counterargument=answer),
        "a member's recent votes (rate limit)": Vote.objects.filter(
            user=alice, updated__gte=timezone.now() - datetime.timedelta(minutes=10)
        ),
        "member's answers": Counterargument.objects.filter(author=alice).order_by("-created")[:50],
        "unread notifications": debate_selectors.notifications(alice),
    }
    for name, queryset in queries.items():
        text = plan(queryset)
        assert not seq_scans(text), f"{name} scans a whole table:\n{text}"
    for name, queryset in {
        "article list, newest": annotation_selectors.article_list()[:20],
        "article list, oldest": annotation_selectors.article_list().order_by("created", "pk")[:20],
    }.items():
        text = plan(queryset, "enable_sort")
        assert "Sort" not in text, f"{name} sorts the whole table:\n{text}"
