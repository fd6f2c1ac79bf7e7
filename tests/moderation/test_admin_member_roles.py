"""A member's roles (staff, superuser, groups, permissions) are not edited in the stock
user form, where a tick would change them without a word in the log: the form shows them
read-only and points to the logged "make / remove moderator" actions. The other fields
still save."""

import pytest

from moderation.models import ModerationAction
from tests.debates.test_admin import act

MEMBERS = "/admin/accounts/user/"

pytestmark = pytest.mark.django_db


def change_url(member) -> str:
    return f"/admin/accounts/user/{member.pk}/change/"


def form_data(member, **changes) -> dict:
    data = {
        "username": member.username,
        "email": member.email,
        "first_name": "",
        "last_name": "",
        "display_name": member.display_name,
        "is_active": "on",
        "date_joined_0": f"{member.date_joined:%Y-%m-%d}",
        "date_joined_1": f"{member.date_joined:%H:%M:%S}",
        "last_login_0": "",
        "last_login_1": "",
    }
    return {**data, **changes}


def test_the_role_fields_are_read_only_and_point_to_the_actions(admin_client, bob):
    page = admin_client.get(change_url(bob)).text
    for field in ("is_staff", "is_superuser", "groups", "user_permissions"):
        assert f'name="{field}"' not in page, field
    assert "Make selected members moderators…" in page
    assert 'name="display_name"' in page  # the rest stays editable


def test_ticking_roles_in_the_form_changes_nothing_and_logs_nothing(admin_client, bob, mona):
    from django.contrib.auth.models import Group

    moderators = Group.objects.get(name="Moderators")
    response = admin_client.post(
        change_url(bob),
        form_data(
            bob,
            display_name="Bobby",
            is_staff="on",
            is_superuser="on",
            groups=[moderators.pk],
        ),
    )
    assert response.status_code == 302, response.content
    bob.refresh_from_db()
    assert bob.display_name == "Bobby"
    assert not bob.is_staff
    assert not bob.is_superuser
    assert not bob.groups.exists()
    # Nor can a moderator be half-removed by unticking staff.
    admin_client.post(change_url(mona), form_data(mona))
    mona.refresh_from_db()
    assert mona.is_staff
    assert mona.groups.filter(name="Moderators").exists()
    assert not ModerationAction.objects.exists()


def test_the_action_the_form_points_to_changes_the_role_and_logs_it(admin_user, admin_client, bob):
    act(admin_client, MEMBERS, "make_moderators", [bob], apply="yes", reason="Trusted.")
    bob.refresh_from_db()
    assert bob.is_staff
    assert bob.groups.filter(name="Moderators").exists()
    entry = ModerationAction.objects.get()
    assert (entry.action, entry.moderator, entry.member) == ("make_moderator", admin_user, bob)


def test_a_new_member_is_added_without_roles(admin_client):
    page = admin_client.get("/admin/accounts/user/add/").text
    assert 'name="is_superuser"' not in page
