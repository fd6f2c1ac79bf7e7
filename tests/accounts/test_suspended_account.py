"""A suspended member is read-only for their account too: no new display name, no new or
rotated API token (issue 10, item 6). Revoking a token and reading stay allowed."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts import services as account_services
from core.errors import Suspended
from moderation import services as moderation_services
from tests.api.helpers import assert_error
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def suspended_bob(bob, mona):
    moderation_services.member_suspend(moderator=mona, member=bob, duration="1d", reason="Spam.")
    bob.refresh_from_db()
    return bob


def test_the_service_refuses_a_new_display_name_while_suspended(suspended_bob):
    with pytest.raises(Suspended, match="suspended until"):
        account_services.profile_update(user=suspended_bob, display_name="Bob (new)")
    suspended_bob.refresh_from_db()
    assert suspended_bob.display_name == "Bob"


def test_the_profile_form_refuses_a_suspended_member_with_the_notice(client, suspended_bob):
    client.force_login(suspended_bob)
    page = client.get("/profile/")
    assert page.status_code == 200
    assert "suspended until" in page.text
    assert 'name="display_name"' not in page.text  # no form to fill in
    response = client.post("/profile/", {"display_name": "Bob (new)"})
    assert response.status_code == 403
    assert "suspended until" in response.text
    suspended_bob.refresh_from_db()
    assert suspended_bob.display_name == "Bob"


def test_the_service_refuses_to_create_or_rotate_a_token_while_suspended(suspended_bob):
    with pytest.raises(Suspended):
        account_services.token_create(user=suspended_bob)
    with pytest.raises(Suspended):
        account_services.token_get_or_create(user=suspended_bob)
    assert not Token.objects.filter(user=suspended_bob).exists()


def test_the_token_page_refuses_a_new_token_and_hides_the_buttons(client, suspended_bob):
    old = Token.objects.create(user=suspended_bob)
    client.force_login(suspended_bob)
    page = client.get("/profile/api-token/")
    assert page.status_code == 200
    assert 'value="create"' not in page.text
    assert 'value="revoke"' in page.text  # taking a key back is always allowed
    response = client.post("/profile/api-token/", {"action": "create"})
    assert response.status_code == 403
    assert "suspended until" in response.text
    assert Token.objects.get(user=suspended_bob).key == old.key
    profile = client.get("/u/bob/")
    assert 'value="create"' not in profile.text
    assert "Edit profile" not in profile.text


def test_the_api_gives_no_new_token_to_a_suspended_member(suspended_bob):
    api = APIClient()
    response = api.post(
        "/api/v1/auth/token/", {"username": "bob", "password": PASSWORD}, format="json"
    )
    error = assert_error(response, 403, "suspended")
    assert "suspended until" in error["message"]
    assert not Token.objects.filter(user=suspended_bob).exists()


def test_a_suspended_member_keeps_the_key_they_had_and_may_revoke_it(suspended_bob):
    old = Token.objects.create(user=suspended_bob)
    api = APIClient()
    response = api.post(
        "/api/v1/auth/token/", {"username": "bob", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["token"] == old.key
    api.credentials(HTTP_AUTHORIZATION=f"Token {old.key}")
    assert api.get("/api/v1/me/").json()["suspended_until"]
    assert api.delete("/api/v1/auth/token/").status_code == 204
    assert not Token.objects.filter(user=suspended_bob).exists()


def test_a_member_who_is_not_suspended_still_changes_name_and_token(alice_client, alice):
    assert alice_client.post("/profile/", {"display_name": "Alice L."}).status_code == 302
    alice.refresh_from_db()
    assert alice.display_name == "Alice L."
    assert alice_client.post("/profile/api-token/", {"action": "create"}).status_code == 200
    assert Token.objects.filter(user=alice).exists()
