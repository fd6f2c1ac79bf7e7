"""The moderation log page: sentences newest first, localised times, filters that combine
and say what is wrong with a bad value, cursor pages, and a query count that does not grow
with the entries. The record itself stays append-only."""

import csv
import io

import pytest
from django.utils import timezone

from moderation import services as moderation_services
from moderation.models import AppendOnly, ModerationAction
from tests.debates.moderation_setup import answer, flaggers

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(bob, mona, passage, settings):
    """bob's answer hidden by three flags, then removed with a 7-day suspension of bob."""
    settings.FLAG_HIDE_WEIGHT = 3
    ca = answer(author=bob, highlight=passage)
    for member in flaggers(3):
        moderation_services.flag_create(user=member, target=ca, reason="spam")
    moderation_services.decide(
        moderator=mona, target=ca, action="remove", duration="7d", reason="Spam link"
    )
    return ca


def entries(page: str) -> int:
    return page.count('class="log-entry')


def test_the_log_reads_as_sentences_newest_first(mona_client, history):
    page = mona_client.get("/moderation/log/").text
    decision = (
        "Mona removed Bob&#x27;s answer on 「The cost of AI」 and suspended Bob for 7 days: "
        "Spam link."
    )
    assert decision in page
    assert page.index(decision) < page.index("Automatic moderation hid Bob&#x27;s answer")
    assert entries(page) == 2  # the removal and the suspension are one decision
    assert "visibility=" not in page
    assert "open_flags" not in page
    assert "Hidden pending review → Removed by a moderator" not in page
    assert "Visibility: hidden pending review → removed by a moderator" in page
    entry = ModerationAction.objects.first()
    assert f'<time datetime="{timezone.localtime(entry.created).isoformat()}' in page


def test_the_log_speaks_chinese_to_a_chinese_moderator(mona_client, history):
    page = mona_client.get("/moderation/log/", headers={"accept-language": "zh-hans"}).text
    assert "Mona 删除了 Bob 在「The cost of AI」下的回答，并封禁了 Bob 7 天：Spam link。" in page
    assert "年" in page  # the date as Chinese writes it
    assert "(回应 #" in page  # target types translated
    log = page[page.index('<ol class="log"') :]
    assert "counterargument" not in log
    assert "answer" not in log


@pytest.mark.parametrize(
    ("query", "count"),
    [
        pytest.param("", 2, id="everything"),
        pytest.param("?moderator=mona", 1, id="moderator"),
        pytest.param("?moderator=automatic", 1, id="automatic"),
        pytest.param("?action=suspend", 1, id="action"),
        pytest.param("?target_type=member", 1, id="target-type"),
        pytest.param("?moderator=automatic&action=remove", 0, id="combined"),
        pytest.param("?moderator=mona&target_type=counterargument", 1, id="combined-match"),
        pytest.param("?member=bob&action=suspend", 1, id="member"),
        pytest.param("?from=2000-01-01&to=9999-12-31", 2, id="wide-dates"),
        pytest.param("?from=0001-01-01", 2, id="first-day-ever"),
        pytest.param("?to=2001-01-01", 0, id="before-anything"),
    ],
)
def test_the_filters_combine(mona_client, history, query, count):
    response = mona_client.get(f"/moderation/log/{query}")
    assert response.status_code == 200
    assert entries(response.text) == count


def test_the_day_range_includes_both_days(mona_client, history):
    today = timezone.localdate().isoformat()
    assert entries(mona_client.get(f"/moderation/log/?from={today}&to={today}").text) == 2


@pytest.mark.parametrize(
    ("query", "sentence"),
    [
        pytest.param("?action=delete", "Select a valid choice", id="unknown-action"),
        pytest.param("?moderator=nobody", "Select a valid choice", id="unknown-moderator"),
        pytest.param("?target_type=user", "Select a valid choice", id="unknown-target"),
        pytest.param("?from=yesterday", "Enter a valid date", id="not-a-date"),
        pytest.param("?from=2026-13-40", "Enter a valid date", id="impossible-date"),
        pytest.param("?from=2026-05-02&to=2026-05-01", "swap them", id="reversed"),
        pytest.param("?after=123abc", "This page link is broken", id="bad-cursor"),
        pytest.param("?after=999999999999999999.1", "This page link is broken", id="huge-time"),
        pytest.param("?after=1.9999999999999999999", "This page link is broken", id="huge-id"),
    ],
)
def test_a_bad_filter_says_what_is_wrong(mona_client, history, query, sentence):
    response = mona_client.get(f"/moderation/log/{query}")
    assert response.status_code == 400
    assert sentence in response.text
    assert entries(response.text) == 0


def test_an_unknown_member_in_the_log_filter_is_404(mona_client):
    assert mona_client.get("/moderation/log/?member=nobody").status_code == 404


def test_the_log_is_for_moderators(client, bob_client):
    assert bob_client.get("/moderation/log/").status_code == 403
    response = client.get("/moderation/log/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_log_pages_with_a_cursor(mona_client, mona, carol, bob, passage, lots_allowed):
    ca = answer(author=carol, highlight=passage)
    for n in range(60):  # 60 decisions: hide, restore, hide, ...
        action = "hide" if n % 2 == 0 else "restore"
        moderation_services.moderate(moderator=mona, target=ca, action=action, reason=f"r{n}")
    first = mona_client.get("/moderation/log/?action=hide").text
    assert entries(first) == 30
    first = mona_client.get("/moderation/log/").text
    assert entries(first) == 50
    assert 'rel="next"' in first
    after = first.split("?after=")[1].split('"')[0]
    second = mona_client.get(f"/moderation/log/?after={after}").text
    assert entries(second) == 10
    assert 'rel="next"' not in second
    assert "r0." in second
    assert "r59." in first
    assert "r9." not in first


def test_the_query_count_does_not_grow_with_the_entries(
    mona_client, mona, carol, passage, lots_allowed
):
    ca = answer(author=carol, highlight=passage)
    moderation_services.debate_lock(moderator=mona, article=passage.article, locked=True)
    moderation_services.moderate(moderator=mona, target=ca, action="hide", reason="x")

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert mona_client.get("/moderation/log/").status_code == 200
        return len(queries)

    few = count()
    for n in range(30):
        moderation_services.moderate(
            moderator=mona, target=ca, action="restore" if n % 2 == 0 else "hide", reason="x"
        )
        moderation_services.member_suspend(moderator=mona, member=carol, duration="1d", reason="x")
        moderation_services.debate_lock(
            moderator=mona, article=passage.article, locked=n % 2 == 1, reason="x"
        )
    assert ModerationAction.objects.count() > 50  # a full page, and another after it
    assert count() == few


def test_the_record_stays_append_only(history):
    entry = ModerationAction.objects.first()
    entry.reason = "rewritten"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        ModerationAction.objects.all().update(reason="rewritten")


def test_lifting_a_suspension_from_the_log(mona_client, bob, history):
    assert "Lift the suspension" in mona_client.get("/moderation/log/?member=bob").text
    response = mona_client.post("/moderation/members/bob/unsuspend/")
    assert response.status_code == 302
    bob.refresh_from_db()
    assert not bob.is_suspended
    assert ModerationAction.objects.filter(action="unsuspend").count() == 1


# The CSV export ----------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_a_moderator_downloads_the_filtered_log_as_csv(mona_client, history, bob):
    response = mona_client.get("/moderation/log.csv?moderator=mona")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    header, *rows = read_csv(response)
    assert header == [
        "sentence", "time", "moderator", "action", "target_type", "target_id", "member", "reason"
    ]  # fmt: skip
    assert [row[3] for row in rows] == ["remove", "suspend"]
    removal = rows[0]
    assert removal[0] == "Mona removed Bob's answer on 「The cost of AI」: Spam link."
    assert removal[1] == ModerationAction.objects.first().created.isoformat()
    assert removal[2:] == ["mona", "remove", "counterargument", str(history.pk), "bob", "Spam link"]
    assert rows[1][4:7] == ["member", str(bob.pk), "bob"]


def test_the_csv_sentences_follow_the_readers_language(mona_client, history):
    response = mona_client.get("/moderation/log.csv", headers={"accept-language": "zh-hans"})
    rows = read_csv(response)[1:]
    assert rows[0][0] == "Mona 删除了 Bob 在「The cost of AI」下的回答：Spam link。"


def test_the_csv_cannot_carry_a_formula(mona, carol, passage):
    carol.display_name = '=HYPERLINK("https://evil.example")'
    carol.save(update_fields=["display_name"])
    ca = answer(author=carol, highlight=passage)
    for reason in ("+SUM(A1:A9)", "-2+3", "@cmd", "=1+1"):
        moderation_services.moderate(moderator=mona, target=ca, action="hide", reason=reason)
        moderation_services.moderate(moderator=mona, target=ca, action="restore", reason="ok")
    from django.test import Client

    client = Client()
    client.force_login(mona)
    rows = read_csv(client.get("/moderation/log.csv"))[1:]
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]
    assert "'=1+1" in cells
    assert "'+SUM(A1:A9)" in cells
    assert "'@cmd" in cells


def test_the_csv_is_for_moderators(client, bob_client, history):
    assert bob_client.get("/moderation/log.csv").status_code == 403
    response = client.get("/moderation/log.csv")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_bad_filter_gets_the_page_with_its_error_not_a_file(mona_client, history):
    response = mona_client.get("/moderation/log.csv?action=delete")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Select a valid choice" in response.text


def test_the_log_page_links_to_its_csv_with_the_same_filters(mona_client, history):
    page = mona_client.get("/moderation/log/?action=remove").text
    assert 'href="/moderation/log.csv?action=remove"' in page


def test_the_csv_streams_a_long_log_in_pages(mona, carol, passage, lots_allowed):
    from moderation import export, selectors

    ca = answer(author=carol, highlight=passage)
    for n in range(7):
        action = "hide" if n % 2 == 0 else "restore"
        moderation_services.moderate(moderator=mona, target=ca, action=action, reason=f"r{n}")
    pages = list(selectors.moderation_log_pages(selectors.moderation_log(), size=3))
    assert [len(page.entries) for page in pages] == [3, 3, 1]
    rows = list(export.rows(pages))
    assert [row[7] for row in rows[1:]] == [f"r{n}" for n in range(6, -1, -1)]
