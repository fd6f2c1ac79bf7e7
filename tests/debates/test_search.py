"""One search over articles, passages and answers (debates.search, /search/ and
/api/v1/search/): Traditional and Simplified Chinese find each other, passage quotes and
answers' words are found, hidden words are not, and the page's queries do not grow with
its results."""

import io

import pytest

from debates import search, services
from moderation import services as moderation_services
from tests.factories import make_article, make_counterargument, make_passage, make_reply

ZH_TEXT = (
    "山姆·阿尔特曼说，人工智能的价格每年下降十倍。\n\n训练一个人要二十年的食物，数据中心很耗电。"
)


@pytest.fixture
def anon_user():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


@pytest.fixture
def debate(alice, bob):
    """A Simplified Chinese article with a passage answered by bob (in Traditional) and a
    reply, and an English article."""
    article = make_article(
        user=alice, title="阿尔特曼：AI 的价格", text=ZH_TEXT, language="zh-hans"
    )
    passage = make_passage(user=alice, article=article, exact="人工智能的价格每年下降十倍")
    answer = make_counterargument(
        user=bob, highlight=passage, body="算力的價格下降了，但**耗電**沒有下降。"
    )
    reply = make_reply(user=alice, parent=answer, body="Energy use per query fell too.")
    english = make_article(
        user=bob,
        title="What training a person costs",
        text="Twenty years of food.\n\nThe AI energy debate misses this.",
        language="en",
    )
    return {
        "article": article,
        "passage": passage,
        "answer": answer,
        "reply": reply,
        "english": english,
    }


def _found(user, query, **filters):
    results = search.search(user=user, query=query, **filters)
    return {(hit.kind, hit.pk) for hit in results.hits}


def test_traditional_finds_the_article_titled_in_simplified(debate, anon_user):
    assert ("article", debate["article"].pk) in _found(anon_user, "阿爾特曼")


def test_simplified_finds_what_was_written_in_traditional(debate, anon_user):
    found = _found(anon_user, "耗电")
    assert ("counterargument", debate["answer"].pk) in found
    # ...and the article's body word, written in Simplified, by the Traditional spelling.
    assert ("article", debate["article"].pk) in _found(anon_user, "耗電")


def test_full_width_letters_find_half_width_ones(debate, anon_user):
    assert ("article", debate["english"].pk) in _found(anon_user, "ＡＩ ｅｎｅｒｇｙ")


def test_a_passage_quote_and_a_replys_words_are_found(debate, anon_user):
    assert ("passage", debate["passage"].pk) in _found(anon_user, "每年下降十倍")
    assert ("counterargument", debate["reply"].pk) in _found(anon_user, "per query")


def test_every_word_of_the_query_must_be_there(debate, anon_user):
    assert _found(anon_user, "twenty food") == {("article", debate["english"].pk)}
    assert _found(anon_user, "twenty 耗电") == set()


def test_results_link_to_the_article_the_passage_and_the_answer(debate, anon_user):
    results = search.search(user=anon_user, query="价格")
    urls = {hit.kind: hit.url for hit in results.hits}
    article, passage, answer = debate["article"], debate["passage"], debate["answer"]
    assert urls["article"] == f"/articles/{article.pk}/"
    assert urls["passage"] == f"/articles/{article.pk}/#mark-{passage.pk}"
    assert urls["counterargument"] == (
        f"/articles/{article.pk}/passages/{passage.pk}/#ca-{answer.pk}"
    )


def test_the_snippet_marks_the_words_in_the_spelling_written(debate, anon_user):
    results = search.search(user=anon_user, query="耗电", kind="counterargument")
    (hit,) = results.groups["counterargument"]
    assert "<mark>耗電</mark>" in hit.snippet


def test_an_article_titled_exactly_so_comes_first(alice, anon_user):
    often = make_article(user=alice, title="Notes", text="Energy. " * 5 + "More energy.")
    titled = make_article(user=alice, title="Energy", text="A short text about power.")
    hits = search.search(user=anon_user, query="ENERGY", kind="article").hits
    assert [hit.pk for hit in hits] == [titled.pk, often.pk]
    newest = search.search(user=anon_user, query="energy", kind="article", ordering="newest")
    assert [hit.pk for hit in newest.hits] == [titled.pk, often.pk]


def test_more_matches_rank_higher(alice, anon_user):
    once = make_article(user=alice, title="One", text="Energy once.")
    thrice = make_article(user=alice, title="Three", text="Energy, energy and energy.")
    hits = search.search(user=anon_user, query="energy", kind="article").hits
    assert [hit.pk for hit in hits] == [thrice.pk, once.pk]


def test_kind_and_language_filters(debate, anon_user):
    assert {kind for kind, _ in _found(anon_user, "energy", kind="article")} == {"article"}
    assert _found(anon_user, "energy", language="zh-hans") == {
        ("counterargument", debate["reply"].pk)
    }


@pytest.fixture
def hidden_answer(debate, bob, mona):
    hidden = make_counterargument(
        user=bob, highlight=debate["passage"], body="Buy cheap pills at example.com"
    )
    moderation_services.moderate(moderator=mona, target=hidden, action="hide", reason="Spam")
    return hidden


def test_a_hidden_answer_is_found_only_by_its_author_and_moderators(
    hidden_answer, anon_user, alice, bob, mona
):
    target = ("counterargument", hidden_answer.pk)
    assert target not in _found(anon_user, "cheap pills")
    assert target not in _found(alice, "cheap pills")
    assert target in _found(bob, "cheap pills")
    assert target in _found(mona, "cheap pills")


def test_an_answer_its_author_removed_is_not_found_even_by_them(debate, bob, mona):
    services.counterargument_remove(user=bob, counterargument=debate["answer"])
    assert ("counterargument", debate["answer"].pk) not in _found(bob, "耗电")
    assert ("counterargument", debate["answer"].pk) not in _found(mona, "耗电")


def test_answers_under_a_hidden_passage_are_not_found(debate, anon_user, mona):
    moderation_services.moderate(
        moderator=mona, target=debate["passage"], action="hide", reason="Off topic"
    )
    found = _found(anon_user, "下降")
    assert ("passage", debate["passage"].pk) not in found
    assert ("counterargument", debate["answer"].pk) not in found


def test_an_edit_changes_what_is_found(debate, bob):
    services.counterargument_edit(
        user=bob, counterargument=debate["answer"], stance="refutes", body="電網的成本更高。"
    )
    assert ("counterargument", debate["answer"].pk) in _found(bob, "电网")
    assert ("counterargument", debate["answer"].pk) not in _found(bob, "耗电")


def test_a_revision_changes_what_is_found(debate, bob, anon_user):
    from annotations import services as annotation_services

    annotation_services.article_revise(
        user=bob, article=debate["english"], text="Thirty years of rice.", title="Rice"
    )
    assert ("article", debate["english"].pk) in _found(anon_user, "rice thirty")
    assert ("article", debate["english"].pk) not in _found(anon_user, "twenty")


def test_the_page_shows_a_hint_without_a_query(client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert "Type a few words" in response.text


def test_the_page_lists_results_grouped_by_kind(client, debate):
    response = client.get("/search/", {"q": "價格"})
    assert response.status_code == 200
    text = response.text
    assert text.index("<h2>Articles</h2>") < text.index("<h2>Passages</h2>")
    assert text.index("<h2>Passages</h2>") < text.index("<h2>Counterarguments and replies</h2>")
    assert "<mark>價格</mark>" in text or "<mark>价格</mark>" in text


def test_htmx_gets_the_results_fragment(client, debate):
    response = client.get("/search/", {"q": "energy"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "What training a person costs" in response.text


def test_a_script_in_an_answer_stays_text_in_its_snippet(client, debate, bob):
    make_counterargument(
        user=bob, highlight=debate["passage"], body="<script>alert('pwned')</script> pwned"
    )
    text = client.get("/search/", {"q": "pwned"}).text
    assert "<script>alert" not in text
    assert "&lt;script&gt;alert(&#x27;<mark>pwned</mark>" in text or "&lt;script&gt;" in text


def test_an_over_long_query_gets_a_sentence(client):
    response = client.get("/search/", {"q": "x" * 201})
    assert response.status_code == 422
    assert "at most 200 characters" in response.text


def test_an_unknown_kind_gets_a_sentence(client):
    response = client.get("/search/", {"q": "ai", "kind": "poem"})
    assert response.status_code == 422
    assert "Select a valid choice" in response.text


def test_the_page_makes_the_same_queries_for_one_result_or_many(
    client, alice, bob, django_assert_num_queries
):
    article = make_article(user=alice, title="Energy one", text="Energy and more energy.")
    passage = make_passage(user=alice, article=article, exact="Energy")
    make_counterargument(user=bob, highlight=passage, body="Energy is cheap.")

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get("/search/", {"q": "energy"}).status_code == 200
        return len(queries)

    few = count()
    for n in range(5):
        other = make_article(user=alice, title=f"Energy {n}", text=f"Energy number {n}.")
        more = make_passage(user=alice, article=other, exact="Energy")
        make_counterargument(user=bob, highlight=more, body=f"Energy answer {n}.")
    assert count() == few
    with django_assert_num_queries(few):
        client.get("/search/", {"q": "energy"})


def test_the_api_finds_by_either_script_grouped_by_kind(client, debate):
    response = client.get("/api/v1/search/", {"q": "價格"})
    assert response.status_code == 200
    body = response.json()
    assert [hit["kind"] for hit in body["results"]] == ["article", "passage", "counterargument"]
    passage = debate["passage"]
    assert body["results"][1]["url"] == (
        f"http://testserver/articles/{passage.article_id}/#mark-{passage.pk}"
    )
    assert "<mark>" in body["results"][0]["snippet"]
    assert body["next"] is None


def test_the_api_filters_by_kind(client, debate):
    body = client.get("/api/v1/search/", {"q": "价格", "kind": "passage"}).json()
    assert [hit["id"] for hit in body["results"]] == [debate["passage"].pk]


def test_the_api_does_not_find_a_hidden_answer_for_others(client, hidden_answer):
    body = client.get("/api/v1/search/", {"q": "cheap pills"}).json()
    assert body["results"] == []


@pytest.mark.parametrize(
    ("params", "code"),
    [
        pytest.param({}, "required", id="no-query"),
        pytest.param({"q": "   "}, "required", id="blank-query"),
        pytest.param({"q": "x" * 201}, "too_long", id="over-long"),
        pytest.param({"q": "a\x00b"}, "invalid_characters", id="nul"),
        pytest.param({"q": "ai", "kind": "poem"}, "invalid_choice", id="unknown-kind"),
        pytest.param({"q": "ai", "language": "fr"}, "invalid_choice", id="unknown-language"),
    ],
)
def test_the_api_refuses_bad_queries_with_a_sentence(client, params, code):
    response = client.get("/api/v1/search/", params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"].endswith(".")


@pytest.mark.parametrize(
    "query",
    ["&|!():*'\\", "%", "_", "' OR 1=1 --"],
    ids=["tsquery", "percent", "underscore", "sql"],
)
def test_metacharacters_are_searched_as_plain_text(client, alice, query):
    make_article(user=alice, title="Odd", text=f"Before {query} after.")
    make_article(user=alice, title="Plain", text="Nothing odd here at all.")
    body = client.get("/api/v1/search/", {"q": query}).json()
    assert [hit["title"] for hit in body["results"]] == ["Odd"]


def test_rows_written_around_the_services_are_folded_by_the_command(debate, anon_user):
    from django.core.management import call_command

    from debates.models import Counterargument

    Counterargument.objects.filter(pk=debate["answer"].pk).update(search_text="")
    assert ("counterargument", debate["answer"].pk) not in _found(anon_user, "耗电")
    out = io.StringIO()
    call_command("fold_search_text", "--empty", stdout=out)
    assert "counterarguments: 1 folded" in out.getvalue()
    assert ("counterargument", debate["answer"].pk) in _found(anon_user, "耗电")


def test_the_page_speaks_chinese(client):
    response = client.get("/search/", headers={"Accept-Language": "zh-hans"})
    assert "输入几个词" in response.text
    response = client.get("/search/", headers={"Accept-Language": "zh-hant"})
    assert "輸入幾個詞" in response.text


def test_author_and_date_filters(debate, anon_user, alice, bob):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    # bob wrote the answer, not the article nor its passage (alice's)
    assert _found(anon_user, "价格", author="bob") == {("counterargument", debate["answer"].pk)}
    assert ("article", debate["article"].pk) in _found(anon_user, "价格", author="alice")
    assert _found(anon_user, "价格", since=today, until=today)
    tomorrow = today + datetime.timedelta(days=1)
    assert _found(anon_user, "价格", since=tomorrow) == set()
    assert _found(anon_user, "价格", until=today - datetime.timedelta(days=1)) == set()


def test_the_page_and_the_api_take_the_author_and_dates(client, debate):
    page = client.get("/search/", {"q": "耗电", "author": "bob", "since": "2000-01-01"})
    assert page.status_code == 200
    assert f'id="ca-{debate["answer"].pk}"' not in page.text  # a result, not the thread
    assert "<mark>耗電</mark>" in page.text
    body = client.get("/api/v1/search/", {"q": "耗电", "author": "alice"}).json()
    assert [hit["kind"] for hit in body["results"]] == ["article"]
    bad = client.get("/api/v1/search/", {"q": "耗电", "since": "yesterday"})
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "invalid_date"
    assert client.get("/search/", {"q": "耗电", "since": "yesterday"}).status_code == 422
