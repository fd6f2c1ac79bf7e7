"""Failures that are not refusals, said in place and in the live region: an answer gone
since the page loaded (404), a session changed in another tab (Django's CSRF page, 403),
a server error, a busy server's sentence and a lost connection. The page stays as it was,
the words typed stay in their box; with DEBUG on as well (django-htmx's debug script
would put Django's 404 or CSRF page in place of the whole page)."""

import pytest
from playwright.sync_api import expect

from debates.models import Counterargument
from tests.browser.helpers import sign_in
from tests.factories import make_article, make_counterargument, make_passage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = (
    "AI cost falls tenfold every year, the report says.\n\n"
    "Training a human takes twenty years of food, so the comparison is fair."
)
GONE = "This is no longer here"
SESSION = "Your session changed since the page loaded"
SERVER = "Something went wrong on our side"
OFFLINE = "The site could not be reached"
DEBUG = pytest.mark.parametrize("debug", [True, False], ids=["DEBUG=1", "DEBUG=0"])


@pytest.fixture
def thread(page, settings, alice, bob):
    article = make_article(user=alice, title="Twenty years of food", text=TEXT)
    passage = make_passage(user=alice, article=article, exact="twenty years of food")
    answer = make_counterargument(user=alice, highlight=passage, body="Food is cheap.")
    sign_in(page, bob.email)
    page.goto(f"/articles/{article.pk}/passages/{passage.pk}/")
    page.evaluate("window.__sameDocument = true")
    return passage, answer


def _same_page(page):
    assert page.evaluate("window.__sameDocument") is True
    expect(page.locator("h1")).to_have_text("Twenty years of food")


@DEBUG
def test_a_vote_on_an_answer_gone_since_the_page_loaded_says_so_beside_it(
    page, settings, thread, debug
):
    settings.DEBUG = debug
    passage, answer = thread
    page.reload()
    page.evaluate("window.__sameDocument = true")
    Counterargument.objects.filter(pk=answer.pk).delete()

    page.locator(f"#vote-widget-{answer.pk} button[value='1']").click()
    expect(page.locator(f"#item-error-{answer.pk}")).to_contain_text(GONE)
    expect(page.locator("#live-status")).to_contain_text(GONE)
    _same_page(page)


@DEBUG
def test_an_answer_sent_after_the_session_changed_keeps_its_words_and_says_why(
    page, settings, live_server, thread, debug
):
    settings.DEBUG = debug
    passage, _answer = thread
    page.reload()
    page.evaluate("window.__sameDocument = true")
    # Signing in again in another tab rotates the CSRF cookie under this page.
    page.context.add_cookies([{"name": "csrftoken", "value": "x" * 32, "url": live_server.url}])

    form = page.locator(f"#answer-form-{passage.pk}")
    form.locator("label.stance-asks").click()
    form.locator("textarea[name=body]").fill("Which food prices?")
    form.get_by_role("button", name="Post").click()
    expect(form.locator("[data-request-error]")).to_contain_text(SESSION)
    expect(page.locator("#live-status")).to_contain_text(SESSION)
    expect(form.locator("textarea[name=body]")).to_have_value("Which food prices?")
    _same_page(page)
    assert Counterargument.objects.count() == 1


def test_a_server_error_says_so_in_place(page, thread):
    _passage, answer = thread
    page.route(
        "**/vote/",
        lambda route: route.fulfill(
            status=500,
            content_type="text/html",
            body="<!doctype html><html><body><h1>Server Error (500)</h1></body></html>",
        ),
    )
    page.locator(f"#vote-widget-{answer.pk} button[value='1']").click()
    expect(page.locator(f"#item-error-{answer.pk}")).to_contain_text(SERVER)
    expect(page.locator("#live-status")).to_contain_text(SERVER)
    _same_page(page)


def test_a_busy_servers_own_sentence_is_said_in_place(page, thread):
    _passage, answer = thread
    page.route(
        "**/vote/",
        lambda route: route.fulfill(
            status=503,
            content_type="text/html",
            body='<p class="errorlist nonfield" role="alert">Too busy; try again.</p>',
        ),
    )
    page.locator(f"#vote-widget-{answer.pk} button[value='1']").click()
    expect(page.locator(f"#item-error-{answer.pk}")).to_have_text("Too busy; try again.")
    expect(page.locator("#live-status")).to_have_text("Too busy; try again.")


def test_a_lost_connection_says_so_and_the_next_try_clears_it(page, thread, bob):
    passage, _answer = thread
    page.route("**/counterarguments/", lambda route: route.abort("internetdisconnected"))
    form = page.locator(f"#answer-form-{passage.pk}")
    form.locator("label.stance-asks").click()
    form.locator("textarea[name=body]").fill("Which food prices?")
    form.get_by_role("button", name="Post").click()
    note = form.locator("[data-request-error]")
    expect(note).to_contain_text(OFFLINE)
    expect(page.locator("#live-status")).to_contain_text(OFFLINE)
    expect(form.locator("textarea[name=body]")).to_have_value("Which food prices?")

    page.unroute("**/counterarguments/")
    form.get_by_role("button", name="Post").click()
    expect(page.locator("li.counterargument", has_text="Which food prices?")).to_be_visible()
    expect(page.locator("[data-request-error]:not(:empty)")).to_have_count(0)
    assert Counterargument.objects.filter(author=bob).count() == 1
