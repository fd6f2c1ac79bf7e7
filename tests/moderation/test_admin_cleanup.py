"""The admin's clean-up (issue 14 item 6): making or removing a moderator is one logged
action, and passages and answers are never hard-deleted from the admin, by anyone."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import translation

from annotations.models import Highlight
from core.errors import Refused
from core.members import is_moderator
from debates.models import Counterargument
from moderation import services
from moderation.models import ModerationAction
from moderation.sentences import sentence
from tests.debates.moderation_setup import answer
from tests.debates.test_admin import act

pytestmark = pytest.mark.django_db

MEMBERS = "/admin/accounts/user/"


@pytest.fixture
def admin(admin_user):
    return admin_user


def test_an_administrator_makes_a_member_a_moderator_in_one_step(admin, admin_client, bob):
    page = act(admin_client, MEMBERS, "make_moderators", [bob])
    assert "Make these members moderators" in page.text
    assert not bob.groups.exists()  # the confirmation page changes nothing
    page = act(admin_client, MEMBERS, "make_moderators", [bob], apply="yes", reason="Trusted.")
    assert "1 member made a moderator." in page.text
    bob.refresh_from_db()
    assert bob.is_staff
    assert list(bob.groups.values_list("name", flat=True)) == ["Moderators"]
    assert is_moderator(bob)
    entry = ModerationAction.objects.get()
    assert (entry.action, entry.moderator, entry.member) == ("make_moderator", admin, bob)
    assert entry.before == {"moderators_group": False, "is_staff": False}
    assert sentence([entry]) == "admin made Bob a moderator: Trusted."


def test_making_a_moderator_twice_changes_and_logs_nothing(admin_client, mona):
    page = act(admin_client, MEMBERS, "make_moderators", [mona], apply="yes")
    assert "1 member was a moderator already; nothing changed." in page.text
    assert not ModerationAction.objects.exists()


def test_an_administrator_removes_a_moderator_in_one_step(admin, admin_client, mona, bob):
    page = act(admin_client, MEMBERS, "remove_moderators", [mona, bob], apply="yes")
    assert "1 member removed from the moderators." in page.text
    assert "1 member was not a moderator; nothing changed." in page.text
    mona.refresh_from_db()
    assert not mona.is_staff
    assert not mona.groups.exists()
    assert not is_moderator(type(mona).objects.get(pk=mona.pk))
    entry = ModerationAction.objects.get()
    assert entry.action == "remove_moderator"
    assert sentence([entry]) == "admin removed Mona from the moderators."
    with translation.override("zh-hans"):
        assert sentence([entry]) == "admin 将 Mona 移出了版主。"


def test_a_moderator_is_not_offered_the_actions_and_cannot_use_them(mona_client, bob):
    page = mona_client.get(MEMBERS)
    assert "make_moderators" not in page.text
    assert "remove_moderators" not in page.text
    act(mona_client, MEMBERS, "make_moderators", [bob], apply="yes")
    bob.refresh_from_db()
    assert not bob.is_staff
    assert not bob.groups.exists()
    assert not ModerationAction.objects.exists()


def test_the_service_refuses_who_may_not_appoint_and_whom_it_cannot(admin, mona, bob):
    with pytest.raises(Refused, match="Only an administrator"):
        services.member_set_moderator(actor=mona, member=bob, moderator=True)
    with pytest.raises(ValidationError, match="moderates already"):
        services.member_set_moderator(actor=admin, member=admin, moderator=False)
    services.member_suspend(moderator=admin, member=bob, duration="7d", reason="Spam.")
    bob.refresh_from_db()
    with pytest.raises(ValidationError, match="Lift the suspension"):
        services.member_set_moderator(actor=admin, member=bob, moderator=True)
    assert not Group.objects.get(name="Moderators").user_set.filter(pk=bob.pk).exists()


def test_nobody_hard_deletes_a_passage_or_an_answer_not_even_a_superuser(
    admin_client, alice, bob, passage
):
    ca = answer(author=bob, highlight=passage)
    for url in (
        f"/admin/debates/counterargument/{ca.pk}/delete/",
        f"/admin/annotations/highlight/{passage.pk}/delete/",
    ):
        assert admin_client.get(url).status_code == 403, url
        assert admin_client.post(url, {"post": "yes"}).status_code == 403, url
    for changelist, item in (
        ("/admin/debates/counterargument/", ca),
        ("/admin/annotations/highlight/", passage),
    ):
        assert "delete_selected" not in admin_client.get(changelist).text
        act(admin_client, changelist, "delete_selected", [item], post="yes")
    assert Counterargument.objects.filter(pk=ca.pk).exists()
    assert Highlight.objects.filter(pk=passage.pk).exists()


def test_an_article_or_member_holding_passages_is_not_deleted_by_cascade(
    admin_client, alice, article, passage
):
    for url in (
        f"/admin/annotations/article/{article.pk}/delete/",
        f"/admin/accounts/user/{alice.pk}/delete/",
    ):
        assert admin_client.post(url, {"post": "yes"}).status_code == 403, url
    assert Highlight.objects.filter(pk=passage.pk).exists()
