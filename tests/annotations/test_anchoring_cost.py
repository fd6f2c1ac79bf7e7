"""The cost of marking a passage is bounded by the input limits, on every way in (the W3C
annotation container, the JSON highlights endpoint, the HTML "Counter this" form), and a
request that will be refused costs no anchoring work at all.

Work is counted, not timed: the anchoring engine's one expensive step is the
bit-parallel edit-distance automaton (``anchoring._prefix_distances``), whose cost is
its number of steps times the width of its ints in 64-bit words. A 199,000-character
quote sent as a W3C annotation used to run it for about 10^9 word steps (21 s of CPU)."""

import json
from dataclasses import dataclass

import pytest

from annotations import anchoring
from annotations.models import Article, Highlight
from moderation import services as moderation_services
from tests.factories import make_article

pytestmark = pytest.mark.django_db

LD = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
LIMIT = Highlight.MAX_LENGTH


@dataclass
class Work:
    relocations: int = 0
    automaton_word_steps: int = 0
    widest_context: int = 0


@pytest.fixture
def work(monkeypatch):
    """Counts the anchoring engine's work: calls of relocate, steps of the edit-distance
    automaton (weighted by the width of its ints) and the widest context it scored."""
    counted = Work()
    automaton = anchoring._prefix_distances
    relocate = anchoring.relocate
    context = anchoring._Context.__init__

    def counting_automaton(pattern, text, lo, hi, step):
        counted.automaton_word_steps += (hi - lo) * (len(pattern) // 64 + 1)
        return automaton(pattern, text, lo, hi, step)

    def counting_relocate(*args, **kwargs):
        counted.relocations += 1
        return relocate(*args, **kwargs)

    def counting_context(self, prefix, suffix):
        counted.widest_context = max(counted.widest_context, len(prefix), len(suffix))
        context(self, prefix, suffix)

    monkeypatch.setattr(anchoring, "_prefix_distances", counting_automaton)
    monkeypatch.setattr(anchoring, "relocate", counting_relocate)
    monkeypatch.setattr(anchoring._Context, "__init__", counting_context)
    return counted


def long_text(size: int = 199_000) -> str:
    """An article at the length limit, of varied words so quotes are specific."""
    words = [f"w{i:05d}" for i in range(size // 7 + 1)]
    paragraphs = [" ".join(words[i : i + 40]) for i in range(0, len(words), 40)]
    return "\n\n".join(paragraphs)[:size].strip()


# --- the engine on its own -------------------------------------------------------------


def test_a_quote_past_the_fuzzy_limit_is_only_looked_for_verbatim(work):
    text = long_text()
    quote = text[1_000:196_000]
    altered = quote[:50_000] + "#" + quote[50_001:]  # one changed character
    assert anchoring.relocate(text, altered, "", "", 1_000, 196_000) is None
    assert work.automaton_word_steps == 0


def test_the_verbatim_search_still_finds_a_long_quote(work):
    text = long_text()
    quote = text[1_000:196_000]
    assert anchoring.relocate(text, quote, "", "", 0, 0) == (1_000, 196_000)


def worst_case_cap(m: int) -> int:
    """What an approximate search may cost for a quote of m code points, whatever the
    text: a handful of candidate windows, each aligned over about m + 2k characters with
    ints of m bits. Independent of the text's length."""
    k = anchoring.max_errors(m)
    windows = 3 * anchoring.MAX_WINDOWS + 2  # local, global and anchored searches, a slot
    return windows * (m + 2 * k) * (m // 64 + 1) * 3


@pytest.mark.parametrize("where", ["near-the-hint", "far-from-the-hint"])
def test_the_approximate_search_of_a_quote_at_the_limit_is_bounded_by_its_length(work, where):
    text = long_text()
    start = 100_000
    quote = text[start : start + LIMIT]
    # Twenty spread edits: a real approximate match has to be aligned in full.
    edited = list(quote)
    for i in range(50, LIMIT, LIMIT // 20):
        edited[i] = "#"
    edited_quote = "".join(edited)
    hint = start if where == "near-the-hint" else 0
    found = anchoring.relocate(text, edited_quote, "", "", hint, hint + LIMIT)
    assert found == (start, start + LIMIT)
    assert 0 < work.automaton_word_steps <= worst_case_cap(LIMIT)


def test_an_unfindable_quote_at_the_limit_costs_no_more(work):
    text = long_text()
    # Pieces of the text everywhere, in an order found nowhere: many seeds, no match.
    pieces = [text[i : i + 8] for i in range(0, 190_000, 190_000 // (LIMIT // 8))]
    quote = "".join(reversed(pieces))[:LIMIT]
    assert anchoring.relocate(text, quote, "", "", 0, LIMIT) is None
    assert work.automaton_word_steps <= worst_case_cap(LIMIT)


def test_a_caller_cannot_widen_the_context_past_what_is_stored(work):
    text = long_text()
    start = text.index("w01000")
    anchoring.relocate(text, "w01000", "x" * 100_000, "y" * 100_000, start, start + 6)
    assert work.widest_context <= anchoring.CONTEXT_WIDTH


# --- the endpoints ---------------------------------------------------------------------


@pytest.fixture
def api():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def bob_api(bob):
    from rest_framework.test import APIClient

    from accounts.services import token_get_or_create

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_get_or_create(user=bob).key}")
    return client


@pytest.fixture
def big_article(alice):
    return make_article(user=alice, text=long_text(), title="At the length limit")


def w3c_annotation(exact: str, prefix: str = "", suffix: str = "", position=None) -> dict:
    selectors = [{"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix}]
    if position is not None:
        selectors.append({"type": "TextPositionSelector", "start": position[0], "end": position[1]})
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "target": {"selector": selectors},
    }


def post_w3c(client, article, annotation):
    return client.post(
        f"/api/v1/articles/{article.pk}/annotations/",
        data=json.dumps(annotation),
        content_type=LD,
        HTTP_ACCEPT=LD,
    )


def suspend(mona, member):
    moderation_services.member_suspend(
        moderator=mona, member=member, duration="1d", reason="Testing the order of checks."
    )


def lock_debate(mona, article):
    moderation_services.debate_lock(
        moderator=mona, article=article, locked=True, reason="Testing the order of checks."
    )


def spend_passage_limit(settings, member):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "passage": {"new": (0, 600), "established": (0, 600)},
    }


def the_bomb(article) -> dict:
    """The probe's request: most of the article quoted, with one character changed."""
    quote = article.text[1_000:196_000]
    return w3c_annotation(quote[:50_000] + "#" + quote[50_001:], position=(1_000, 196_000))


@pytest.mark.parametrize(
    ("refusal", "status"),
    [
        pytest.param("signed-out", 401, id="signed-out"),
        pytest.param("suspended", 403, id="suspended"),
        pytest.param("locked", 400, id="debate-locked"),
        pytest.param("rate-limited", 429, id="rate-limited"),
        pytest.param("too-long", 400, id="quote-too-long"),
    ],
)
def test_a_w3c_annotation_that_will_be_refused_costs_no_anchoring(
    work, api, bob_api, bob, mona, big_article, settings, refusal, status
):
    client = api if refusal == "signed-out" else bob_api
    annotation = w3c_annotation("w01000")  # a fine quote: only the refusal stops it
    if refusal == "suspended":
        suspend(mona, bob)
    elif refusal == "locked":
        lock_debate(mona, big_article)
    elif refusal == "rate-limited":
        spend_passage_limit(settings, bob)
    elif refusal == "too-long":
        annotation = the_bomb(big_article)
    response = post_w3c(client, big_article, annotation)
    assert response.status_code == status, response.content
    assert response.json()["error"]["message"]
    assert work.relocations == 0
    assert work.automaton_word_steps == 0
    assert not Highlight.objects.exists()


def test_the_worst_accepted_w3c_annotation_costs_one_verbatim_search(
    work, bob_api, big_article, django_assert_max_num_queries
):
    """A quote at the length limit that is not in the text, with contexts far longer than
    anything stored: one relocation, no approximate search, a fixed number of queries."""
    text = big_article.text
    quote = text[100_000 : 100_000 + LIMIT - 1] + "#"
    annotation = w3c_annotation(quote, "p" * 200_000, "s" * 200_000, position=(5, 5 + LIMIT))
    with django_assert_max_num_queries(8):
        response = post_w3c(bob_api, big_article, annotation)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "mismatch"
    assert work.relocations == 1
    assert work.automaton_word_steps == 0
    assert work.widest_context <= anchoring.CONTEXT_WIDTH


def test_a_w3c_annotation_at_the_limit_is_still_accepted(work, bob_api, big_article):
    text = big_article.text
    start = text.index("w10000")
    quote = text[start : start + LIMIT].strip()
    response = post_w3c(bob_api, big_article, w3c_annotation(quote))
    assert response.status_code == 201, response.content
    assert Highlight.objects.get().exact == quote
    assert work.automaton_word_steps == 0


def test_the_worst_json_passage_does_no_anchoring(
    work, bob_api, big_article, django_assert_max_num_queries
):
    """The largest selection the serializer takes, over most of the article: refused by
    its length after a fixed number of queries, with no search."""
    text = big_article.text
    body = {"start": 0, "end": 2 * LIMIT, "exact": text[: 2 * LIMIT]}
    with django_assert_max_num_queries(8):
        response = bob_api.post(
            f"/api/v1/articles/{big_article.pk}/highlights/", body, format="json"
        )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "too_long"
    assert work.relocations == 0
    assert work.automaton_word_steps == 0
    assert not Highlight.objects.exists()


def test_a_json_selection_longer_than_the_serializer_takes_is_refused_unread(
    work, bob_api, big_article
):
    body = {"start": 0, "end": 190_000, "exact": big_article.text[:190_000]}
    response = bob_api.post(f"/api/v1/articles/{big_article.pk}/highlights/", body, format="json")
    assert response.status_code == 400
    assert "exact" in response.json()["error"]["fields"]
    assert work.relocations == 0


@pytest.mark.parametrize("action", ["mark", "counter"])
def test_the_worst_html_passage_does_no_anchoring(
    work, bob_client, big_article, django_assert_max_num_queries, action
):
    text = big_article.text
    form = {
        "start": 0,
        "end": 190_000,
        "exact": text[:190_000],
        "action": action,
        "stance": "refutes",
        "body": "Too long a passage.",
    }
    with django_assert_max_num_queries(15):
        response = bob_client.post(
            f"/articles/{big_article.pk}/counter/", form, HTTP_HX_REQUEST="true"
        )
    assert response.status_code == 422
    assert work.relocations == 0
    assert work.automaton_word_steps == 0
    assert not Highlight.objects.exists()


@pytest.mark.parametrize("refusal", ["suspended", "locked"])
def test_html_and_json_passages_check_the_member_and_the_lock_first(
    work, bob_api, bob_client, bob, mona, big_article, refusal
):
    if refusal == "suspended":
        suspend(mona, bob)
    else:
        lock_debate(mona, big_article)
    text = big_article.text
    selection = {"start": 0, "end": 6, "exact": text[:6]}
    api_response = bob_api.post(
        f"/api/v1/articles/{big_article.pk}/highlights/", selection, format="json"
    )
    html_response = bob_client.post(
        f"/articles/{big_article.pk}/counter/",
        {**selection, "action": "mark"},
        HTTP_HX_REQUEST="true",
    )
    assert api_response.status_code == (403 if refusal == "suspended" else 400)
    assert html_response.status_code == (403 if refusal == "suspended" else 422)
    assert work.relocations == 0
    assert not Highlight.objects.filter(article=big_article).exists()
    assert Article.objects.get(pk=big_article.pk).debate_locked is (refusal == "locked")
