"""The moderators' and admins' back office: who gets in and sees what, and every action
going through its moderation service and into the log."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from annotations.models import Article, Visibility
from debates import services
from debates.models import Counterargument
from moderation import services as moderation_services
from moderation.models import Flag, ModerationAction
from tests.factories import UserFactory, make_article

pytestmark = pytest.mark.django_db

TEXT = "AI's price falls tenfold a year.\n\nA person takes twenty years of food."


@pytest.fixture
def article(alice):
    return make_article(user=alice, text=TEXT, title="Prices")


@pytest.fixture
def passage(article, alice):
    words = "falls tenfold"
    start = TEXT.index(words)
    return services.passage_counter(
        user=alice,
        article=article,
        start=start,
        end=start + len(words),
        exact=words,
        stance="asks",
        body="Does it, though?",
    ).highlight


@pytest.fixture
def answer(passage, bob):
    return services.counterargument_post(
        user=bob, highlight=passage, stance="refutes", body="Cheap pills at example.com"
    )


def act(client, url, action, objects, **form):
    """Choose an action on the changelist (no "apply": the confirmation page) or, with
    apply="yes" among the form fields, submit the confirmation page."""
    data = {"action": action, "_selected_action": [obj.pk for obj in objects], **form}
    if "apply" not in form:
        data["index"] = "0"
    return client.post(url, data, follow="apply" in form)


def shown_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- Who gets in, and what they see --------------------------------------------------


def test_a_plain_member_gets_no_admin(alice_client):
    for url in ("/admin/", "/admin/debates/counterargument/", "/admin/accounts/user/"):
        response = alice_client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/")


def test_a_moderator_sees_what_moderation_needs_and_nothing_else(mona_client):
    index = mona_client.get("/admin/").text
    for url in (
        "/admin/debates/counterargument/",
        "/admin/annotations/highlight/",
        "/admin/moderation/flag/",
        "/admin/moderation/moderationaction/",
        "/admin/debates/vote/",
        "/admin/annotations/article/",
        "/admin/accounts/user/",
    ):
        assert f'href="{url}"' in index
        assert mona_client.get(url).status_code == 200
    for url in ("/admin/auth/group/", "/admin/debates/notification/"):
        assert f'href="{url}"' not in index
        assert mona_client.get(url).status_code == 403
    # Nothing to add anywhere.
    assert "addlink" not in index


def test_the_moderators_group_holds_only_what_moderation_needs():
    granted = {
        f"{app}.{codename}"
        for app, codename in Group.objects.get(name="Moderators").permissions.values_list(
            "content_type__app_label", "codename"
        )
    }
    assert granted == {
        "annotations.view_article",
        "annotations.view_articlerevision",
        "annotations.lock_debate",
        "annotations.view_highlight",
        "debates.moderate",
        "debates.view_counterargument",
        "debates.view_counterargumentversion",
        "moderation.view_flag",
        "moderation.view_moderationaction",
        "debates.view_vote",
        "accounts.view_user",
    }


def test_a_moderator_reads_an_answer_with_its_flags_and_earlier_versions_but_cannot_edit_it(
    mona_client, answer, alice
):
    moderation_services.flag_create(user=alice, target=answer, reason="spam")
    url = f"/admin/debates/counterargument/{answer.pk}/change/"
    page = mona_client.get(url)
    assert page.status_code == 200
    assert "Cheap pills at example.com" in page.text
    assert "Spam" in page.text
    assert "earlier versions" in page.text.lower()
    assert 'name="body"' not in page.text
    assert 'name="visibility"' not in page.text
    response = mona_client.post(url, {"body": "Rewritten by a moderator", "visibility": "visible"})
    assert response.status_code == 403
    assert Counterargument.objects.get(pk=answer.pk).body == "Cheap pills at example.com"


def test_nobody_changes_a_members_words_in_the_admin_not_even_a_superuser(admin_client, answer):
    url = f"/admin/debates/counterargument/{answer.pk}/change/"
    assert 'name="body"' not in admin_client.get(url).text
    assert admin_client.post(url, {"body": "Rewritten"}).status_code == 403
    assert Counterargument.objects.get(pk=answer.pk).body == "Cheap pills at example.com"


def test_a_moderator_cannot_delete_anything(mona_client, answer, passage, article, alice, bob):
    flag = moderation_services.flag_create(user=alice, target=answer, reason="spam")
    for url in (
        f"/admin/debates/counterargument/{answer.pk}/delete/",
        f"/admin/annotations/highlight/{passage.pk}/delete/",
        f"/admin/moderation/flag/{flag.pk}/delete/",
        f"/admin/annotations/article/{article.pk}/delete/",
        f"/admin/accounts/user/{bob.pk}/delete/",
    ):
        assert mona_client.post(url, {"post": "yes"}).status_code == 403, url
    for changelist in ("/admin/debates/counterargument/", "/admin/accounts/user/"):
        assert "delete_selected" not in mona_client.get(changelist).text
    assert Counterargument.objects.filter(pk=answer.pk).exists()
    assert User.objects.filter(pk=bob.pk).exists()


def test_a_moderator_cannot_edit_a_members_permissions_or_groups(mona_client, bob):
    url = f"/admin/accounts/user/{bob.pk}/change/"
    page = mona_client.get(url)
    assert page.status_code == 200
    assert "bob@example.org" in page.text
    # A view, not a form; no password hash, no permission list.
    assert 'name="groups"' not in page.text
    assert 'name="is_superuser"' not in page.text
    assert "md5$" not in page.text
    assert "User permissions" not in page.text
    moderators = Group.objects.get(name="Moderators")
    response = mona_client.post(
        url, {"username": "bob", "is_staff": "on", "is_superuser": "on", "groups": [moderators.pk]}
    )
    assert response.status_code == 403
    assert mona_client.get(f"/admin/accounts/user/{bob.pk}/password/").status_code == 403
    bob.refresh_from_db()
    assert not bob.is_staff
    assert not bob.is_superuser
    assert not bob.groups.exists()


def test_a_superuser_makes_a_member_a_moderator_with_the_logged_action(
    admin_client, bob, bob_client, passage
):
    # The change form's role fields are read-only (tests/moderation/test_admin_member_roles.py).
    moderators = Group.objects.get(name="Moderators")
    act(admin_client, "/admin/accounts/user/", "make_moderators", [bob], apply="yes")
    bob = User.objects.get(pk=bob.pk)
    assert list(bob.groups.all()) == [moderators]
    assert bob.has_perm("debates.moderate")
    assert not bob.has_perm("debates.change_counterargument")
    # From now on bob moderates in the back office.
    act(bob_client, ITEMS["passage"], "hide_selected", [passage], apply="yes", reason="Off-topic")
    assert ModerationAction.objects.filter(moderator=bob).count() == 1


def test_suspension_fields_are_shown_but_never_edited_in_the_user_form(admin_client, bob):
    page = admin_client.get(f"/admin/accounts/user/{bob.pk}/change/")
    assert page.status_code == 200
    assert "Suspension" in page.text
    assert 'name="suspended_until' not in page.text
    assert 'name="suspension_reason"' not in page.text
    # Roles too: they change only through the logged actions.
    assert 'name="groups"' not in page.text
    assert 'name="display_name"' in page.text


def test_the_member_list_shows_groups_and_suspensions_and_filters_by_them(
    mona_client, admin_user, bob, alice
):
    moderation_services.member_suspend(
        moderator=admin_user, member=bob, duration="7d", reason="Spam"
    )
    page = mona_client.get("/admin/accounts/user/?suspension=now")
    assert page.context["cl"].result_count == 1
    assert "bob@example.org" in page.text
    page = mona_client.get("/admin/accounts/user/?suspension=no")
    assert "alice@example.org" in page.text
    assert "bob@example.org" not in page.text
    moderators = Group.objects.get(name="Moderators")
    page = mona_client.get(f"/admin/accounts/user/?groups__id__exact={moderators.pk}")
    assert page.context["cl"].result_count == 1
    assert "mona@example.org" in page.text


# --- Actions on answers and passages ------------------------------------------------

ITEMS = {
    "answer": "/admin/debates/counterargument/",
    "passage": "/admin/annotations/highlight/",
}


@pytest.mark.parametrize("item", ["answer", "passage"])
def test_hiding_asks_for_a_reason_on_a_confirmation_page_first(request, mona_client, item):
    target = request.getfixturevalue(item)
    page = act(mona_client, ITEMS[item], "hide_selected", [target])
    assert page.status_code == 200
    assert "Hide these items" in page.text
    assert 'name="reason"' in page.text
    assert f'name="_selected_action" value="{target.pk}"' in page.text
    assert type(target).objects.get(pk=target.pk).visibility == Visibility.VISIBLE
    assert not ModerationAction.objects.exists()


@pytest.mark.parametrize("action", ["hide_selected", "remove_selected"])
def test_hiding_or_removing_without_a_reason_is_refused_and_changes_nothing(
    mona_client, answer, action
):
    page = act(mona_client, ITEMS["answer"], action, [answer], apply="yes", reason="  ")
    assert page.status_code == 200
    assert "This field is required." in page.text
    assert Counterargument.objects.get(pk=answer.pk).visibility == Visibility.VISIBLE
    assert not ModerationAction.objects.exists()


@pytest.mark.parametrize("item", ["answer", "passage"])
@pytest.mark.parametrize(
    ("action", "before", "after", "logged_as"),
    [
        pytest.param(
            "hide_selected", Visibility.VISIBLE, Visibility.HIDDEN_BY_MODERATOR, "hide", id="hide"
        ),
        pytest.param(
            "remove_selected",
            Visibility.VISIBLE,
            Visibility.REMOVED_BY_MODERATOR,
            "remove",
            id="remove",
        ),
        pytest.param(
            "restore_selected",
            Visibility.HIDDEN_BY_MODERATOR,
            Visibility.VISIBLE,
            "restore",
            id="restore",
        ),
        pytest.param(
            "keep_selected", Visibility.PENDING_REVIEW, Visibility.VISIBLE, "keep", id="keep"
        ),
    ],
)
def test_each_item_action_goes_through_the_service_and_writes_the_log(
    request, mona, mona_client, item, action, before, after, logged_as
):
    target = request.getfixturevalue(item)
    flagger = UserFactory()
    moderation_services.flag_create(user=flagger, target=target, reason="spam")
    type(target).objects.filter(pk=target.pk).update(visibility=before)

    response = act(mona_client, ITEMS[item], action, [target], apply="yes", reason="Checked it")

    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(ITEMS[item])
    assert any("1 item" in message for message in shown_messages(response))
    target = type(target).objects.get(pk=target.pk)
    assert target.visibility == after
    entry = ModerationAction.objects.get()
    assert (entry.moderator, entry.action, entry.target_id) == (mona, logged_as, target.pk)
    assert entry.member == target.author
    assert entry.reason == "Checked it"
    assert entry.before["visibility"] == before
    assert entry.after == {"visibility": after}
    # The service closed the open flag: upheld when the item went, dismissed when it stayed.
    expected = Flag.State.DISMISSED if after == Visibility.VISIBLE else Flag.State.UPHELD
    assert Flag.objects.get().state == expected


def test_one_refused_item_does_not_stop_the_others_and_says_why(mona_client, answer, bob, passage):
    second = services.counterargument_post(
        user=bob, highlight=passage, stance="refutes", body="More pills"
    )
    services.counterargument_remove(user=bob, counterargument=answer)

    response = act(
        mona_client, ITEMS["answer"], "hide_selected", [answer, second], apply="yes", reason="Spam"
    )

    messages = shown_messages(response)
    assert any("Its author already removed this." in message for message in messages)
    assert any("1 item hidden." in message for message in messages)
    assert Counterargument.objects.get(pk=second.pk).visibility == Visibility.HIDDEN_BY_MODERATOR
    assert ModerationAction.objects.get().target_id == second.pk


def test_acting_on_an_item_already_in_that_state_writes_no_log(mona_client, answer):
    response = act(mona_client, ITEMS["answer"], "restore_selected", [answer], apply="yes")
    assert any("already so" in message for message in shown_messages(response))
    assert not ModerationAction.objects.exists()


def test_flag_actions_act_once_on_the_flagged_item(mona, mona_client, answer, alice):
    flags = [
        moderation_services.flag_create(user=member, target=answer, reason="spam")
        for member in (alice, UserFactory())
    ]
    page = act(mona_client, "/admin/moderation/flag/", "hide_selected", flags)
    assert page.text.count("Cheap pills at example.com") == 1

    act(mona_client, "/admin/moderation/flag/", "hide_selected", flags, apply="yes", reason="Spam")

    entry = ModerationAction.objects.get()
    assert (entry.action, entry.target_type, entry.target_id) == (
        "hide",
        "counterargument",
        answer.pk,
    )
    assert set(Flag.objects.values_list("state", flat=True)) == {Flag.State.UPHELD}


def test_the_flag_list_names_its_actions_after_the_flagged_items(mona_client, answer, alice):
    moderation_services.flag_create(user=alice, target=answer, reason="harassment", note="Rude")
    page = mona_client.get("/admin/moderation/flag/?state__exact=open")
    assert "Hide the flagged items" in page.text
    assert "Rude" in page.text
    assert f'href="/admin/debates/counterargument/{answer.pk}/change/"' in page.text


def test_the_review_queue_lists_items_with_open_flags(mona_client, answer, passage, alice):
    moderation_services.flag_create(user=alice, target=answer, reason="spam")
    page = mona_client.get("/admin/debates/counterargument/?flagged=yes")
    assert page.context["cl"].result_count == 1
    assert page.context["cl"].result_list[0].open_flags == 1


# --- Actions on articles and members ------------------------------------------------


@pytest.mark.parametrize(
    ("action", "locked_before", "logged_as"),
    [
        pytest.param("lock_debates", False, "lock", id="lock"),
        pytest.param("unlock_debates", True, "unlock", id="unlock"),
    ],
)
def test_locking_and_unlocking_a_debate_goes_through_the_service_and_writes_the_log(
    mona, mona_client, article, action, locked_before, logged_as
):
    Article.objects.filter(pk=article.pk).update(debate_locked=locked_before)
    page = act(mona_client, "/admin/annotations/article/", action, [article])
    assert 'name="reason"' in page.text

    act(mona_client, "/admin/annotations/article/", action, [article], apply="yes", reason="Heated")

    assert Article.objects.get(pk=article.pk).debate_locked is not locked_before
    entry = ModerationAction.objects.get()
    assert (entry.moderator, entry.action, entry.reason) == (mona, logged_as, "Heated")
    assert entry.after == {"debate_locked": not locked_before}


def test_a_moderator_still_cannot_edit_an_articles_text(mona_client, article):
    url = f"/admin/annotations/article/{article.pk}/change/"
    assert 'name="title"' not in mona_client.get(url).text
    assert mona_client.post(url, {"title": "Renamed"}).status_code == 403


@pytest.mark.parametrize(
    ("duration", "length"),
    [
        pytest.param("1d", datetime.timedelta(days=1), id="one-day"),
        pytest.param("7d", datetime.timedelta(days=7), id="seven-days"),
        pytest.param("30d", datetime.timedelta(days=30), id="thirty-days"),
        pytest.param("permanent", None, id="permanently"),
    ],
)
def test_suspending_goes_through_the_service_and_writes_the_log(
    mona, mona_client, bob, duration, length
):
    page = act(mona_client, "/admin/accounts/user/", "suspend_members", [bob])
    assert page.status_code == 200
    assert 'name="duration"' in page.text

    response = act(
        mona_client,
        "/admin/accounts/user/",
        "suspend_members",
        [bob],
        apply="yes",
        duration=duration,
        reason="Spamming",
    )

    assert "1 member suspended." in shown_messages(response)
    bob.refresh_from_db()
    if length is None:
        assert bob.is_permanently_suspended
    else:
        expected = timezone.now() + length
        assert abs(bob.suspended_until - expected) < datetime.timedelta(minutes=1)
    assert bob.suspension_reason == "Spamming"
    entry = ModerationAction.objects.get()
    assert (entry.moderator, entry.action, entry.member) == (mona, "suspend", bob)
    assert entry.after["duration"] == duration
    assert entry.before == {"suspended_until": None}


def test_suspending_without_a_reason_or_a_duration_is_refused(mona_client, bob):
    page = act(mona_client, "/admin/accounts/user/", "suspend_members", [bob], apply="yes")
    assert page.status_code == 200
    assert page.text.count("This field is required.") == 2
    bob.refresh_from_db()
    assert bob.suspended_until is None
    assert not ModerationAction.objects.exists()


def test_lifting_a_suspension_goes_through_the_service_and_writes_the_log(
    mona, mona_client, bob, alice
):
    moderation_services.member_suspend(
        moderator=mona, member=bob, duration="30d", reason="Spamming"
    )

    response = act(
        mona_client,
        "/admin/accounts/user/",
        "unsuspend_members",
        [bob, alice],
        apply="yes",
        reason="Appeal accepted",
    )

    messages = shown_messages(response)
    assert "1 member's suspension lifted." in messages
    assert "1 member was not suspended; nothing changed." in messages
    bob.refresh_from_db()
    assert not bob.is_suspended
    entry = ModerationAction.objects.latest("pk")
    assert (entry.action, entry.member, entry.reason) == ("unsuspend", bob, "Appeal accepted")


def test_a_moderator_cannot_suspend_another_moderator_and_is_told_why(mona_client, mona):
    other = UserFactory(is_staff=True)
    other.groups.add(Group.objects.get(name="Moderators"))
    response = act(
        mona_client,
        "/admin/accounts/user/",
        "suspend_members",
        [other, mona],
        apply="yes",
        duration="1d",
        reason="Power trip",
    )
    messages = " ".join(shown_messages(response))
    assert "Only an administrator can suspend a moderator." in messages
    assert "You can't suspend yourself." in messages
    assert not ModerationAction.objects.exists()


def test_a_suspended_moderator_is_refused_with_the_services_message(
    admin_user, mona, mona_client, answer
):
    moderation_services.member_suspend(
        moderator=admin_user, member=mona, duration="1d", reason="Review"
    )
    response = act(
        mona_client, ITEMS["answer"], "hide_selected", [answer], apply="yes", reason="Spam"
    )
    assert any("Your account is suspended" in message for message in shown_messages(response))
    assert Counterargument.objects.get(pk=answer.pk).visibility == Visibility.VISIBLE
    assert ModerationAction.objects.count() == 1


def test_staff_without_the_moderate_permission_are_not_offered_the_actions(answer, client):
    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_counterargument"))
    client.force_login(clerk)
    page = client.get("/admin/debates/counterargument/")
    assert page.status_code == 200
    assert "hide_selected" not in page.text
    act(client, ITEMS["answer"], "hide_selected", [answer], apply="yes", reason="Spam")
    assert Counterargument.objects.get(pk=answer.pk).visibility == Visibility.VISIBLE
    assert not ModerationAction.objects.exists()


# --- Lists stay cheap ---------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/debates/counterargument/",
        "/admin/annotations/highlight/",
        "/admin/moderation/flag/",
        "/admin/moderation/moderationaction/",
        "/admin/debates/vote/",
        "/admin/accounts/user/",
    ],
)
def test_a_list_page_makes_as_many_queries_for_many_rows_as_for_one(
    mona, mona_client, passage, url
):
    def add_rows():
        author = UserFactory()
        answer = services.counterargument_post(
            user=author, highlight=passage, stance="refutes", body="An answer"
        )
        moderation_services.flag_create(user=UserFactory(), target=answer, reason="spam")
        services.vote_cast(user=UserFactory(), counterargument=answer, value=1)
        moderation_services.moderate(moderator=mona, target=answer, action="hide", reason="Spam")
        author.groups.add(Group.objects.get(name="Moderators"))

    add_rows()
    one = _queries(mona_client, url)
    for _ in range(5):
        add_rows()
    assert _queries(mona_client, url) == one


def test_the_back_office_speaks_simplified_chinese(mona_client, bob):
    mona_client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    page = act(mona_client, "/admin/accounts/user/", "suspend_members", [bob])
    assert "封禁这些成员" in page.text
    assert "封禁时长" in page.text
    response = act(
        mona_client,
        "/admin/accounts/user/",
        "suspend_members",
        [bob],
        apply="yes",
        duration="1d",
        reason="Spam",
    )
    assert "已封禁 1 名成员。" in shown_messages(response)
