"""POST /api/v1/auth/token/ and DELETE it; token and session authentication; GET /api/v1/me/."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.api.helpers import assert_error
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "credentials",
    [
        pytest.param({"email": "alice@example.org"}, id="email"),
        pytest.param({"username": "alice"}, id="username"),
        pytest.param({"login": "ALICE@example.org"}, id="login-any-case"),
    ],
)
def test_a_member_exchanges_credentials_for_a_token(api, alice, credentials):
    response = api.post("/api/v1/auth/token/", {**credentials, "password": PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["token"] == Token.objects.get(user=alice).key
    assert body["user"]["username"] == "alice"


def test_the_token_authenticates_later_requests(api, alice):
    key = api.post(
        "/api/v1/auth/token/", {"email": "alice@example.org", "password": PASSWORD}, format="json"
    ).json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    me = client.get("/api/v1/me/").json()
    assert me["username"] == "alice"
    assert me["is_moderator"] is False


def test_a_wrong_password_is_a_400_that_does_not_say_which_part_was_wrong(api, alice):
    response = api.post(
        "/api/v1/auth/token/", {"email": "alice@example.org", "password": "nope"}, format="json"
    )
    error = assert_error(response, 400, "bad_credentials")
    assert "do not match" in error["message"]
    assert not Token.objects.exists()


def test_an_unknown_member_gets_the_same_answer(api):
    response = api.post(
        "/api/v1/auth/token/", {"email": "who@example.org", "password": "x"}, format="json"
    )
    assert_error(response, 400, "bad_credentials")


def test_sending_both_email_and_username_is_a_400(api, alice):
    response = api.post(
        "/api/v1/auth/token/",
        {"email": "alice@example.org", "username": "alice", "password": PASSWORD},
        format="json",
    )
    assert_error(response, 400)


def test_password_guessing_is_throttled_with_retry_after(api, alice, settings):
    for _ in range(10):
        api.post("/api/v1/auth/token/", {"username": "alice", "password": "x"}, format="json")
    response = api.post(
        "/api/v1/auth/token/", {"username": "alice", "password": PASSWORD}, format="json"
    )
    assert_error(response, 429, "rate_limited")
    assert int(response["Retry-After"]) > 0


def test_an_invalid_token_is_a_401(api):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
    assert_error(api.get("/api/v1/me/"), 401, "authentication_failed")


def test_a_revoked_token_stops_working(alice_api):
    assert alice_api.delete("/api/v1/auth/token/").status_code == 204
    assert not Token.objects.exists()
    assert_error(alice_api.get("/api/v1/me/"), 401, "authentication_failed")


def test_revoking_needs_a_signed_in_member(api):
    assert_error(api.delete("/api/v1/auth/token/"), 401, "not_authenticated")


def test_me_needs_a_signed_in_member(api):
    assert_error(api.get("/api/v1/me/"), 401, "not_authenticated")


def test_the_browser_session_works_for_reads_and_needs_csrf_for_writes(alice):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.get("/api/v1/me/").json()["username"] == "alice"
    response = client.post("/api/v1/articles/", {"title": "T", "text": "x"}, format="json")
    error = assert_error(response, 403, "forbidden")
    assert "CSRF" in error["message"]


def test_me_says_when_a_member_is_a_moderator(mona_api):
    assert mona_api.get("/api/v1/me/").json()["is_moderator"] is True


def test_a_member_creates_and_revokes_a_token_on_their_profile(alice_client, alice):
    page = alice_client.get("/profile/api-token/")
    assert page.status_code == 200
    assert b"Create a token" in page.content
    response = alice_client.post("/profile/api-token/", {"action": "create"})
    assert response.status_code == 200
    key = Token.objects.get(user=alice).key
    assert key.encode() in response.content
    alice_client.post("/profile/api-token/", {"action": "create"})
    assert Token.objects.get(user=alice).key != key  # a new key replaces the old one
    response = alice_client.post("/profile/api-token/", {"action": "revoke"})
    assert response.status_code == 302
    assert not Token.objects.exists()


def test_the_profile_has_a_token_section_for_its_owner_only(alice_client, bob):
    own = alice_client.get("/u/alice/").content.decode()
    assert 'id="api-token"' in own
    assert 'action="/profile/api-token/"' in own
    assert 'id="api-token"' not in alice_client.get("/u/bob/").content.decode()


def test_creating_a_token_from_the_profile_shows_the_key_once(alice_client, alice):
    response = alice_client.post("/profile/api-token/", {"action": "create"})
    key = Token.objects.get(user=alice).key
    assert key in response.content.decode()
    assert key not in alice_client.get("/profile/api-token/").content.decode()


def test_the_token_page_needs_a_sign_in(client):
    response = client.get("/profile/api-token/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_token_lookup_gives_what_drfs_gives(alice):
    """core.api.authentication runs DRF's lookup compiled once: the same member (every
    column, as Python values) and token; DRF's own refusals for what it does not find."""
    from rest_framework import authentication
    from rest_framework.exceptions import AuthenticationFailed

    from core.api.authentication import TokenAuthentication

    key = Token.objects.create(user=alice).key
    theirs = authentication.TokenAuthentication().authenticate_credentials(key)
    ours = TokenAuthentication().authenticate_credentials(key)
    columns = [field.attname for field in type(alice)._meta.concrete_fields]
    assert [getattr(ours[0], c) for c in columns] == [getattr(theirs[0], c) for c in columns]
    assert not ours[0]._state.adding
    assert ours[0]._state.db == "default"
    assert (ours[1].key, ours[1].user, ours[1].created) == (
        theirs[1].key,
        theirs[1].user,
        theirs[1].created,
    )
    for bad in ("not-a-real-key", ""):
        with pytest.raises(AuthenticationFailed, match="Invalid token"):
            TokenAuthentication().authenticate_credentials(bad)
    type(alice).objects.filter(pk=alice.pk).update(is_active=False)
    with pytest.raises(AuthenticationFailed, match="inactive"):
        TokenAuthentication().authenticate_credentials(key)


def test_an_inactive_members_token_is_a_401(alice_api, alice):
    type(alice).objects.filter(pk=alice.pk).update(is_active=False)
    assert_error(alice_api.get("/api/v1/me/"), 401, "authentication_failed")
