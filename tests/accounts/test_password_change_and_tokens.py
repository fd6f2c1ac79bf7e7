"""An API key stops working when its owner's password changes, whichever way it
changes; and no cache keeps a copy of a key."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts import services
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a different staple entirely"


def token_works(key: str) -> bool:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/me/").status_code == 200


def test_changing_the_password_on_the_account_page_revokes_the_api_key(alice_client, alice):
    key = services.token_get_or_create(user=alice).key
    response = alice_client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302, response.content
    assert not token_works(key)
    assert not Token.objects.filter(user=alice).exists()


def test_resetting_the_password_by_email_revokes_the_api_key(client, alice):
    key = services.token_get_or_create(user=alice).key
    client.post("/accounts/password/reset/", {"email": "alice@example.org"})
    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+)", mail.outbox[0].body)
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302, response.content
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert not token_works(key)


def test_an_administrator_setting_the_password_revokes_the_api_key(admin_client, alice):
    key = services.token_get_or_create(user=alice).key
    response = admin_client.post(
        f"/admin/accounts/user/{alice.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302, response.content
    assert not token_works(key)


def test_the_changepassword_command_and_an_unusable_password_revoke_the_key(alice, monkeypatch):
    key = services.token_get_or_create(user=alice).key
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW_PASSWORD)
    call_command("changepassword", "alice", verbosity=0)
    assert not token_works(key)
    key = services.token_get_or_create(user=alice).key
    alice.set_unusable_password()
    alice.save()
    assert not token_works(key)


def test_signing_in_and_saving_the_profile_keep_the_api_key(client, alice):
    key = services.token_get_or_create(user=alice).key
    client.post("/accounts/login/", {"login": "alice@example.org", "password": PASSWORD})
    services.profile_update(user=alice, display_name="Alice B.")
    alice.refresh_from_db()
    alice.save()
    assert token_works(key)


def test_a_new_key_after_the_change_works(alice):
    services.token_get_or_create(user=alice)
    alice.set_password(NEW_PASSWORD)
    alice.save()
    response = APIClient().post(
        "/api/v1/auth/token/",
        {"email": "alice@example.org", "password": NEW_PASSWORD},
        format="json",
    )
    assert response.status_code == 200
    assert token_works(response.json()["token"])


@pytest.mark.parametrize(
    ("method", "body"),
    [
        pytest.param("post", {"email": "alice@example.org", "password": PASSWORD}, id="create"),
        pytest.param("post", {"email": "alice@example.org", "password": "wrong"}, id="refused"),
        pytest.param("delete", None, id="revoke"),
    ],
)
def test_token_answers_are_never_cached(alice, method, body):
    client = APIClient()
    if method == "delete":
        client.credentials(HTTP_AUTHORIZATION=f"Token {services.token_get_or_create(user=alice)}")
    response = getattr(client, method)("/api/v1/auth/token/", body, format="json")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("had_key", "action"),
    [
        pytest.param(True, None, id="list"),
        pytest.param(False, "create", id="create"),
        pytest.param(True, "create", id="rotate"),
    ],
)
def test_the_api_token_page_is_never_cached(alice_client, alice, had_key, action):
    if had_key:
        services.token_get_or_create(user=alice)
    if action is None:
        response = alice_client.get("/profile/api-token/")
    else:
        response = alice_client.post("/profile/api-token/", {"action": action})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
