"""What a member may be called: no characters that hide or reorder text, and no name that
passes for the staff's unless one is staff. The same rule on sign-up, the profile form and
the admin (v1 took "Mona (moderator)" and U+202E overrides from anyone)."""

import pytest

from accounts import names, services
from accounts.models import User
from core import text
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

RLO = "\u202e"


# --- the rule ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("Mona (moderator)", id="in-brackets"),
        pytest.param("Moderator Mona", id="first-word"),
        pytest.param("Mona (mod)", id="short-word"),
        pytest.param("AdminTeam", id="camel-case"),
        pytest.param("theadmin", id="run-together"),
        pytest.param("Administrator", id="longer-word"),
        pytest.param("m0derat0r", id="digits-for-letters"),
        pytest.param("offic1al", id="one-for-l"),
        pytest.param("ＡＤＭＩＮ", id="full-width"),
        pytest.param("\u041efficial", id="cyrillic-o"),
        pytest.param("Counterpoint Staff", id="the-site"),
        pytest.param("counterpoint", id="the-site-alone"),
        pytest.param("管理员小王", id="simplified-administrator"),
        pytest.param("管理員小王", id="traditional-administrator"),
        pytest.param("本版版主", id="board-moderator"),
        pytest.param("官方客服", id="official"),
    ],
)
def test_staff_looking_names_are_recognised(name):
    assert names.looks_like_staff(name)


@pytest.mark.parametrize(
    "name",
    ["Alice", "Mona", "李华", "Desmond", "badminton fan", "Stafford", "modern art", "Bob L."],
)
def test_ordinary_names_are_not(name):
    assert not names.looks_like_staff(name)


@pytest.mark.parametrize(
    ("value", "found"),
    [
        pytest.param(f"Mona{RLO}gpj", [RLO], id="right-to-left-override"),
        pytest.param("Mona\u2066x\u2069", ["\u2066", "\u2069"], id="isolates"),
        pytest.param("Mona\u200f", ["\u200f"], id="right-to-left-mark"),
        pytest.param("\u061cMona", ["\u061c"], id="arabic-letter-mark"),
        pytest.param("Mo\u200bna", ["\u200b"], id="zero-width-space"),
        pytest.param("Mona\ufeff", ["\ufeff"], id="byte-order-mark"),
        pytest.param("\u3164", ["\u3164"], id="hangul-filler"),
        pytest.param("\u200dMona", ["\u200d"], id="joiner-at-an-edge"),
        pytest.param("Mo\tna", ["\t"], id="control"),
    ],
)
def test_hidden_characters_are_found(value, found):
    assert text.hidden_characters(value) == found


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("می\u200cخواهم", id="persian-non-joiner"),
        pytest.param("\U0001f468\u200d\U0001f469", id="emoji-sequence"),
        pytest.param("שלום Mona", id="hebrew"),
        pytest.param("李\u3000华", id="ideographic-space"),
    ],
)
def test_scripts_that_need_joiners_or_run_right_to_left_keep_them(value):
    assert text.hidden_characters(value) == []


# --- the profile form (HTML, through the service) -----------------------------------


@pytest.mark.parametrize(
    ("name", "sentence"),
    [
        pytest.param("Mona (moderator)", "kept for the staff", id="staff-looking"),
        pytest.param("官方客服", "kept for the staff", id="chinese"),
        pytest.param(f"Alice{RLO}nimda", "U+202E RIGHT-TO-LEFT OVERRIDE", id="bidi"),
        pytest.param("Ali\u200bce", "U+200B ZERO WIDTH SPACE", id="invisible"),
    ],
)
def test_a_member_cannot_take_such_a_display_name(alice_client, alice, name, sentence):
    response = alice_client.post("/profile/", {"display_name": name})
    assert response.status_code == 422
    assert sentence in response.text
    alice.refresh_from_db()
    assert alice.display_name == "Alice"


def test_the_sentence_is_translated(alice_client, alice):
    response = alice_client.post(
        "/profile/",
        {"display_name": "Mona (moderator)"},
        headers={"Accept-Language": "zh-CN,zh;q=0.9"},
    )
    assert response.status_code == 422
    assert "工作人员" in response.text


def test_a_moderator_may_say_so_in_their_name(mona):
    services.profile_update(user=mona, display_name="Mona (moderator)")
    mona.refresh_from_db()
    assert mona.display_name == "Mona (moderator)"


def test_nobody_may_hide_characters_in_a_name_staff_included(mona):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="U\\+202E"):
        services.profile_update(user=mona, display_name=f"Mona{RLO}")


# --- sign-up (allauth generates the username from the email) ------------------------


@pytest.mark.parametrize(
    "email",
    ["admin@example.org", "moderator@example.org", "counterpoint-staff@example.org"],
)
def test_signing_up_with_a_staff_looking_email_gives_an_ordinary_username(client, email):
    response = client.post(
        "/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    user = User.objects.get(email=email)
    assert not names.looks_like_staff(user.username), user.username
    assert not names.looks_like_staff(user.public_name)


def test_an_ordinary_email_still_gives_its_name(client):
    client.post(
        "/accounts/signup/",
        {"email": "carol@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert User.objects.get(email="carol@example.org").username == "carol"


# --- the admin ----------------------------------------------------------------------


def _user_form(user, **changes):
    data = {
        "username": user.username,
        "display_name": user.display_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "initial-date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "initial-date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"display_name": "Bob (admin)"}, "display_name", id="staff-looking-name"),
        pytest.param({"display_name": f"Bob{RLO}"}, "display_name", id="bidi-name"),
        pytest.param({"username": "official_bob"}, "username", id="staff-looking-username"),
    ],
)
def test_the_admin_refuses_them_for_a_member_too(admin_client, bob, changes, field):
    url = f"/admin/accounts/user/{bob.pk}/change/"
    response = admin_client.post(url, _user_form(bob, **changes))
    assert response.status_code == 200  # the form again, with the error
    assert response.context["adminform"].form.errors[field]
    bob.refresh_from_db()
    assert (bob.username, bob.display_name) == ("bob", "Bob")


def test_the_admin_gives_a_staff_looking_name_to_a_staff_member(admin_client, admin_user, bob):
    from moderation.services import member_set_moderator

    # Staff status comes from the logged "make moderator" action (the form shows it only).
    member_set_moderator(actor=admin_user, member=bob, moderator=True)
    bob.refresh_from_db()
    url = f"/admin/accounts/user/{bob.pk}/change/"
    response = admin_client.post(url, _user_form(bob, display_name="Bob (admin)"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    bob.refresh_from_db()
    assert (bob.display_name, bob.is_staff) == ("Bob (admin)", True)
