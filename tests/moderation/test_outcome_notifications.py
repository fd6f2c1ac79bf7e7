"""Outcomes people can follow (issue 14, item 4): each moderation notice, who gets it, what
it shows (the article, an excerpt only of words the reader may read, the reason, a link
to the item), unread until the list is opened, in both languages, and a list page whose
queries do not grow with its notices."""

import pytest
from django.test import Client

from annotations.models import Visibility
from debates.models import Notification
from moderation import services
from tests.debates.moderation_setup import answer, flaggers

pytestmark = pytest.mark.django_db
Kind = Notification.Kind


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _kinds(user):
    return sorted(user.notifications.values_list("kind", flat=True))


@pytest.fixture
def flagged(passage, bob, settings):
    """bob's answer, flagged by two members (under the hiding weight)."""
    settings.FLAG_HIDE_WEIGHT = 10
    ca = answer(author=bob, highlight=passage, body="Buy cheap GPUs at example.com")
    people = flaggers(2)
    for member in people:
        services.flag_create(user=member, target=ca, reason="spam")
    return ca, people


def test_a_removal_tells_each_flagger_their_flag_was_upheld_and_the_author_why(flagged, bob, mona):
    ca, people = flagged
    services.moderate(moderator=mona, target=ca, action="remove", reason="Advertising")
    for member in people:
        notice = member.notifications.get()
        assert (notice.kind, notice.counterargument, notice.actor) == (Kind.FLAG_UPHELD, ca, mona)
        assert notice.reason == ""  # the reason is said to the author
    told = bob.notifications.get()
    assert (told.kind, told.counterargument, told.reason) == (Kind.REMOVED, ca, "Advertising")


def test_keeping_an_item_tells_the_flaggers_their_flag_was_not_upheld_and_the_author_nothing(
    flagged, bob, mona
):
    ca, people = flagged
    services.moderate(moderator=mona, target=ca, action="keep")
    assert [_kinds(m) for m in people] == [[Kind.FLAG_DISMISSED], [Kind.FLAG_DISMISSED]]
    assert _kinds(bob) == []


def test_a_hide_by_a_moderator_tells_the_author_with_the_reason(passage, bob, mona):
    ca = answer(author=bob, highlight=passage)
    services.moderate(moderator=mona, target=ca, action="hide", reason="Personal attack")
    notice = bob.notifications.get()
    assert (notice.kind, notice.reason, notice.actor) == (Kind.HIDDEN, "Personal attack", mona)


def test_an_automatic_hide_tells_the_author_and_names_nobody(passage, bob, settings):
    settings.FLAG_HIDE_WEIGHT = 3
    ca = answer(author=bob, highlight=passage)
    for member in flaggers(3):
        services.flag_create(user=member, target=ca, reason="spam")
    ca.refresh_from_db()
    assert ca.visibility == Visibility.PENDING_REVIEW
    notice = bob.notifications.get()
    assert (notice.kind, notice.actor, notice.counterargument) == (Kind.AUTO_HIDDEN, None, ca)


def test_restoring_tells_the_author_and_the_flaggers(passage, bob, mona, settings):
    settings.FLAG_HIDE_WEIGHT = 1
    ca = answer(author=bob, highlight=passage)
    [flagger] = flaggers(1)
    services.flag_create(user=flagger, target=ca, reason="spam")  # hidden pending review
    services.moderate(moderator=mona, target=ca, action="restore")
    assert _kinds(bob) == sorted([Kind.AUTO_HIDDEN, Kind.RESTORED])
    assert _kinds(flagger) == [Kind.FLAG_DISMISSED]


def test_a_passage_hidden_tells_its_author(passage, alice, mona):
    services.moderate(moderator=mona, target=passage, action="hide", reason="Off-topic")
    notice = alice.notifications.get()
    assert (notice.kind, notice.highlight, notice.counterargument) == (Kind.HIDDEN, passage, None)


def test_a_suspension_tells_the_member_its_end_and_reason(bob, mona):
    entry = services.member_suspend(moderator=mona, member=bob, duration="7d", reason="Spam")
    bob.refresh_from_db()
    notice = bob.notifications.get()
    assert (notice.kind, notice.reason, notice.until) == (
        Kind.SUSPENDED,
        "Spam",
        bob.suspended_until,
    )
    assert entry.action == "suspend"
    text = _client(bob).get("/notifications/").text
    assert "Your account is suspended until" in text
    assert "Reason: Spam" in text


def test_a_permanent_suspension_says_so(bob, mona):
    services.member_suspend(moderator=mona, member=bob, duration="permanent", reason="Abuse")
    assert "Your account is suspended permanently." in _client(bob).get("/notifications/").text


def test_remove_and_suspend_in_one_decision_tells_both_and_names_the_item(flagged, bob, mona):
    ca, _people = flagged
    services.decide(moderator=mona, target=ca, action="remove", reason="Spam", duration="1d")
    assert _kinds(bob) == sorted([Kind.REMOVED, Kind.SUSPENDED])
    assert bob.notifications.get(kind=Kind.SUSPENDED).counterargument == ca


def test_nothing_is_told_when_nothing_changed(passage, bob, mona):
    ca = answer(author=bob, highlight=passage)
    services.moderate(moderator=mona, target=ca, action="keep")
    assert not Notification.objects.exclude(kind=Kind.COUNTER).exists()  # alice: "bob answered"


def test_a_refused_decision_tells_nobody(flagged, mona):
    ca, people = flagged
    with pytest.raises(Exception, match="reason"):
        services.moderate(moderator=mona, target=ca, action="remove", reason="")
    assert not Notification.objects.exclude(kind=Kind.COUNTER).exists()  # alice: "bob answered"


def test_the_author_reads_their_own_hidden_words_with_the_reason_and_a_link(flagged, bob, mona):
    ca, _people = flagged
    services.moderate(moderator=mona, target=ca, action="hide", reason="Advertising")
    text = _client(bob).get("/notifications/").text
    assert "A moderator hid your answer." in text
    assert '<p class="excerpt" lang="en">Buy cheap GPUs at example.com</p>' in text
    assert "Reason: Advertising" in text
    assert "in “The cost of AI”" in text
    assert f'href="/articles/{ca.highlight.article_id}/passages/{ca.highlight_id}/#ca-{ca.pk}"' in (
        text
    )
    assert 'class="unread"' in text
    assert 'class="unread"' not in _client(bob).get("/notifications/").text


def test_a_flagger_never_reads_the_words_of_the_item_they_flagged_once_hidden(flagged, mona):
    ca, people = flagged
    services.moderate(moderator=mona, target=ca, action="remove", reason="Advertising")
    text = _client(people[0]).get("/notifications/").text
    assert "A moderator upheld your flag on this answer." in text
    assert "Buy cheap GPUs" not in text
    assert "[removed by a moderator]" in text
    assert "Advertising" not in text


def test_a_flagger_reads_the_words_of_an_item_kept(flagged, mona):
    ca, people = flagged
    services.moderate(moderator=mona, target=ca, action="keep")
    text = _client(people[0]).get("/notifications/").text
    assert "the flag was not upheld" in text
    assert "Buy cheap GPUs at example.com" in text


def test_the_notices_read_in_chinese(flagged, bob, mona):
    ca, people = flagged
    services.moderate(moderator=mona, target=ca, action="remove", reason="广告")
    headers = {"accept-language": "zh-hans"}
    author = _client(bob).get("/notifications/", headers=headers).text
    assert "版主移除了你的回应。" in author
    assert "原因：广告" in author
    flagger = _client(people[0]).get("/notifications/", headers=headers).text
    assert "版主采纳了你对这条回应的举报。" in flagger


def test_the_api_lists_moderation_notices_with_their_context(flagged, bob, mona):
    ca, _people = flagged
    services.moderate(moderator=mona, target=ca, action="remove", reason="Advertising")
    [notice] = _client(bob).get("/api/v1/me/notifications/").json()
    assert notice["kind"] == "removed"
    assert notice["counterargument"] == ca.pk
    assert notice["highlight"] is None
    assert notice["text"] == "A moderator removed your answer."
    assert notice["excerpt"] == "Buy cheap GPUs at example.com"
    assert notice["reason"] == "Advertising"
    assert notice["url"].endswith(f"#ca-{ca.pk}")


def test_the_list_page_queries_do_not_grow_with_moderation_notices(
    passage, alice, bob, mona, lots_allowed, django_assert_num_queries, settings
):
    settings.FLAG_HIDE_WEIGHT = 100
    client = _client(bob)

    made = iter(range(1000))

    def add(n):
        for _ in range(n):
            ca = answer(author=bob, highlight=passage, body=f"Words {next(made)}")
            services.flag_create(user=alice, target=ca, reason="spam")
            services.moderate(moderator=mona, target=ca, action="hide", reason="x")
        services.moderate(moderator=mona, target=passage, action="hide", reason="y")

    alice_passage_hidden = passage
    add(1)  # notices of each kind the page shows: hidden answers, a hidden passage
    client.get("/")
    with django_assert_num_queries(6) as few:  # session, member, notices, mark read, count, appeals
        client.get("/notifications/")
    services.moderate(moderator=mona, target=alice_passage_hidden, action="restore")
    add(15)
    services.member_suspend(moderator=mona, member=alice, duration="1d", reason="z")
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/notifications/")
