"""Password guessing has one limit for every way in (issue 10, item 2): the sign-in page,
POST /api/v1/auth/token/ and /admin/login/ count failures together, per account and per
client address, and a forged X-Forwarded-For changes nothing unless a trusted proxy wrote
it. The parallel tests live in test_sign_in_limits_parallel.py."""

import pytest
from django.test import RequestFactory
from rest_framework.test import APIClient

from accounts.models import SignInCounter
from core.clients import client_address, client_key
from tests.api.helpers import assert_error
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOCKED = "Too many failed sign-ins on this account"


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def sign_in_page(client, login, password, **extra):
    return client.post("/accounts/login/", {"login": login, "password": password}, **extra)


def token(login, password, **extra):
    return APIClient().post(
        "/api/v1/auth/token/", {"login": login, "password": password}, format="json", **extra
    )


def admin_login(client, username, password, **extra):
    return client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}, **extra
    )


# -- the client's address ------------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "forwarded", "peer", "expected"),
    [
        pytest.param(0, "203.0.113.9", "198.51.100.1", "198.51.100.1", id="no-proxy-ignores"),
        pytest.param(1, "6.6.6.6, 203.0.113.9", "10.0.0.1", "203.0.113.9", id="one-proxy"),
        pytest.param(
            2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "10.0.0.1", "203.0.113.9", id="two-proxies"
        ),
        pytest.param(2, "203.0.113.9", "10.0.0.1", "10.0.0.1", id="too-few-hops-peer"),
        pytest.param(1, "not-an-address", "10.0.0.1", "10.0.0.1", id="garbage-peer"),
        pytest.param(1, "", "10.0.0.1", "10.0.0.1", id="no-header-peer"),
        pytest.param(1, "6.6.6.6, [2001:db8::1]:443", "10.0.0.1", "2001:db8::1", id="v6-port"),
    ],
)
def test_the_client_address_trusts_only_the_configured_proxies(
    settings, proxies, forwarded, peer, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=peer)
    assert client_address(request) == expected


def test_limits_count_an_ipv6_client_per_64_network(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    one = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2::1")
    other = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    assert client_key(one) == client_key(other) == "2001:db8:1:2::/64"
    assert client_key(RequestFactory().get("/", REMOTE_ADDR="192.0.2.7")) == "192.0.2.7"


def test_a_negative_proxy_count_stops_the_process():
    from tests.test_settings import manage

    result = manage("check", DEBUG="1", TRUSTED_PROXY_COUNT="-1")
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT must be 0 or more" in result.stderr


# -- one account, every way in ---------------------------------------------------------


def test_the_sign_in_page_refuses_even_the_right_password_once_locked(client, alice):
    for _ in range(5):
        response = sign_in_page(client, "alice@example.org", "wrong")
        assert response.status_code == 200
        assert response.context["form"].non_field_errors()
    response = sign_in_page(client, "alice@example.org", PASSWORD)
    assert response.status_code == 429
    assert LOCKED in response.text
    assert "even with the right password" in response.text
    assert 0 < int(response["Retry-After"]) <= 300
    assert not client.get("/").context["user"].is_authenticated


def test_wrong_guesses_on_the_token_endpoint_lock_the_sign_in_page(client, alice):
    for _ in range(5):
        assert_error(token("alice", "wrong"), 400, "bad_credentials")
    response = sign_in_page(client, "alice@example.org", PASSWORD)
    assert response.status_code == 429
    assert LOCKED in response.text
    assert not client.get("/").context["user"].is_authenticated


def test_wrong_guesses_on_the_sign_in_page_lock_the_token_endpoint(client, alice):
    for _ in range(5):
        sign_in_page(client, "ALICE@example.org", "wrong")
    error = assert_error(token("alice@example.org", PASSWORD), 429, "rate_limited")
    assert LOCKED in error["message"]
    assert not SignInCounter.objects.filter(failures__gt=5).exists()


def test_the_admin_login_is_limited_and_shares_the_count(client, mona):
    for _ in range(3):
        response = admin_login(client, "mona", "wrong")
        assert response.status_code == 200
        assert response.context["form"].non_field_errors()
    for _ in range(2):
        assert_error(token("mona", "wrong"), 400, "bad_credentials")
    response = admin_login(client, "mona", PASSWORD)
    assert response.status_code == 429
    assert LOCKED in response.text
    assert int(response["Retry-After"]) > 0
    assert client.get("/admin/").status_code == 302  # still signed out


def test_a_right_password_gives_its_place_back(client, alice):
    for _ in range(4):
        sign_in_page(client, "alice@example.org", "wrong")
    for _ in range(3):  # a member who finally remembers is not one failure nearer a lock
        assert token("alice", PASSWORD).status_code == 200
    assert_error(token("alice", "wrong"), 400, "bad_credentials")
    assert_error(token("alice", PASSWORD), 429, "rate_limited")


def test_a_rotating_forwarded_header_does_not_bypass_the_limit(alice):
    for i in range(5):
        assert token("alice", "wrong", HTTP_X_FORWARDED_FOR=f"10.9.{i}.1").status_code == 400
    response = token("alice", PASSWORD, HTTP_X_FORWARDED_FOR="10.9.99.1")
    assert_error(response, 429, "rate_limited")


def test_unknown_accounts_are_limited_like_known_ones():
    for _ in range(5):
        assert_error(token("nobody@example.org", "x"), 400, "bad_credentials")
    assert_error(token("nobody@example.org", "x"), 429, "rate_limited")


# -- one address, many accounts ----------------------------------------------------------


def test_one_address_guessing_many_accounts_is_stopped(settings, client, alice):
    settings.SIGN_IN_LIMITS = {**settings.SIGN_IN_LIMITS, "address": (6, 300)}
    for i in range(6):  # six accounts, one failure each: no account is locked
        UserFactory(username=f"target{i}")
        assert token(f"target{i}", "wrong", REMOTE_ADDR="192.0.2.50").status_code == 400
    error = assert_error(token("alice", PASSWORD, REMOTE_ADDR="192.0.2.50"), 429, "rate_limited")
    assert "from your network" in error["message"]
    response = sign_in_page(client, "alice@example.org", PASSWORD, REMOTE_ADDR="192.0.2.50")
    assert response.status_code == 429
    # Another address is not held back by this one, and alice's account is not locked.
    assert token("alice", PASSWORD, REMOTE_ADDR="192.0.2.51").status_code == 200


def test_behind_a_trusted_proxy_the_forwarded_client_is_counted(settings, alice):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SIGN_IN_LIMITS = {**settings.SIGN_IN_LIMITS, "address": (3, 300)}
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(3):
        token("nobody", "x", HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    # The same client, whatever it puts to the left of what our proxy appended.
    spoofed = "1.2.3.4, 198.51.100.7"
    assert_error(token("alice", PASSWORD, HTTP_X_FORWARDED_FOR=spoofed, **proxy), 429)
    # A different client behind the same proxy is not held back.
    assert token("alice", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy).status_code == 200


def test_the_lock_ends_with_its_window(settings, alice):
    settings.SIGN_IN_LIMITS = {**settings.SIGN_IN_LIMITS, "account": (2, 300)}
    for _ in range(2):
        token("alice", "wrong")
    assert_error(token("alice", PASSWORD), 429)
    SignInCounter.objects.update(expires=0)  # the window is over
    assert token("alice", PASSWORD).status_code == 200


# -- the anonymous read throttle asks the same address ----------------------------------


@pytest.fixture
def three_reads_a_minute(monkeypatch):
    from core.api.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})


def test_the_anonymous_read_throttle_ignores_a_rotating_forwarded_header(three_reads_a_minute):
    api = APIClient()
    statuses = [
        api.get("/api/v1/articles/", HTTP_X_FORWARDED_FOR=f"10.8.{i}.1").status_code
        for i in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_behind_a_trusted_proxy_the_throttle_counts_each_client(settings, three_reads_a_minute):
    settings.TRUSTED_PROXY_COUNT = 1
    api = APIClient()
    for _ in range(3):
        api.get("/api/v1/articles/", HTTP_X_FORWARDED_FOR="198.51.100.7", REMOTE_ADDR="10.0.0.1")
    spoofed = api.get(
        "/api/v1/articles/", HTTP_X_FORWARDED_FOR="9.9.9.9, 198.51.100.7", REMOTE_ADDR="10.0.0.1"
    )
    assert spoofed.status_code == 429
    other = api.get(
        "/api/v1/articles/", HTTP_X_FORWARDED_FOR="198.51.100.8", REMOTE_ADDR="10.0.0.1"
    )
    assert other.status_code == 200


def test_a_password_reset_through_email_lifts_the_accounts_lock(client, alice):
    import re

    from django.core import mail

    for _ in range(5):
        sign_in_page(client, "alice@example.org", "wrong")
    assert sign_in_page(client, "alice@example.org", PASSWORD).status_code == 429
    client.post("/accounts/password/reset/", {"email": "alice@example.org"})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[0].body)
    form = client.get(link.group(1), follow=True)
    new = "a brand new passphrase 42"
    done = client.post(form.redirect_chain[-1][0], {"password1": new, "password2": new})
    assert done.status_code == 302
    client.post("/accounts/logout/")
    assert sign_in_page(client, "alice@example.org", new).status_code == 302


def test_counts_whose_window_is_over_are_swept_when_a_new_one_starts(alice):
    token("nobody-1", "x")
    token("nobody-2", "x")
    assert SignInCounter.objects.count() == 3  # two logins, one address
    SignInCounter.objects.update(expires=0)
    assert_error(token("alice", "wrong"), 400)
    assert sorted(SignInCounter.objects.values_list("failures", flat=True)) == [1, 1]
