"""The moderation log is append-only: nobody, superusers included, edits or deletes an
entry through the models, the ORM in bulk, the admin or (on PostgreSQL) raw SQL."""

import pytest
from django.db import DatabaseError, connection, transaction

from debates import services
from debates.models import Counterargument
from moderation import services as moderation_services
from moderation.models import AppendOnly, ModerationAction
from tests.factories import UserFactory, make_article

pytestmark = pytest.mark.django_db

BACK_OFFICE = [
    pytest.param("admin_client", id="superuser"),
    pytest.param("mona_client", id="moderator"),
]

TEXT = "AI's price falls tenfold a year.\n\nA person takes twenty years of food."


@pytest.fixture
def entry(mona, alice, bob):
    article = make_article(user=alice, text=TEXT)
    highlight = services.passage_counter(
        user=alice,
        article=article,
        start=0,
        end=10,
        exact=TEXT[:10],
        stance="refutes",
        body="Which price?",
    ).highlight
    answer = services.counterargument_post(
        user=bob, highlight=highlight, stance="refutes", body="Buy my pills"
    )
    return moderation_services.moderate(moderator=mona, target=answer, action="hide", reason="Spam")


def test_a_log_entry_cannot_be_saved_again_or_deleted(entry):
    entry.reason = "Nothing to see"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    assert ModerationAction.objects.get().reason == "Spam"


def test_the_log_refuses_bulk_updates_and_deletes(entry):
    with pytest.raises(AppendOnly):
        ModerationAction.objects.update(reason="rewritten")
    with pytest.raises(AppendOnly):
        ModerationAction.objects.filter(pk=entry.pk).update(reason="rewritten")
    with pytest.raises(AppendOnly):
        ModerationAction.objects.bulk_update([entry], ["reason"])
    with pytest.raises(AppendOnly):
        ModerationAction.objects.all().delete()
    assert ModerationAction.objects.get().reason == "Spam"


@pytest.mark.postgres
@pytest.mark.parametrize(
    "sql",
    [
        pytest.param("UPDATE debates_moderationaction SET reason = 'rewritten'", id="update"),
        pytest.param("DELETE FROM debates_moderationaction", id="delete"),
        # With the appeals, which refer to the log (alone, the foreign key refuses first).
        pytest.param("TRUNCATE debates_moderationaction, moderation_appeal", id="truncate"),
        pytest.param("TRUNCATE accounts_user CASCADE", id="truncate-cascading-from-members"),
    ],
)
def test_postgresql_refuses_changing_the_log_even_in_raw_sql(entry, sql):
    if connection.vendor != "postgresql":
        pytest.skip("The append-only trigger is installed on PostgreSQL only.")
    with transaction.atomic(), connection.cursor() as cursor:
        # What a production session is: no wish to wipe the log (tests/conftest.py says
        # the opposite for the test runner's own TRUNCATE between tests).
        cursor.execute("SET LOCAL counterpoint.wipe_moderation_log = 'off'")
        # The test's rows were written in this very transaction: check their deferred
        # foreign keys now, or PostgreSQL refuses any TRUNCATE before the trigger runs.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            cursor.execute(sql)
    assert ModerationAction.objects.get().reason == "Spam"


@pytest.mark.postgres
def test_a_session_that_says_it_means_to_may_wipe_the_log(entry):
    """The way the test runner (or a developer resetting a database) empties it."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL counterpoint.wipe_moderation_log = 'on'")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE debates_moderationaction, moderation_appeal")
    assert not ModerationAction.objects.exists()


def test_the_log_still_takes_new_entries(entry, mona):
    # The guards refuse changing and deleting only; the services keep appending.
    answer = Counterargument.objects.get(pk=entry.target_id)
    moderation_services.moderate(moderator=mona, target=answer, action="restore")
    assert ModerationAction.objects.count() == 2


@pytest.mark.parametrize(
    "persona",
    [pytest.param("admin_client", id="superuser"), pytest.param("mona_client", id="moderator")],
)
def test_nobody_can_add_a_log_entry_in_the_admin(request, persona, entry):
    client = request.getfixturevalue(persona)
    assert client.get("/admin/moderation/moderationaction/add/").status_code == 403
    response = client.post("/admin/moderation/moderationaction/add/", {"action": "hide"})
    assert response.status_code == 403
    assert ModerationAction.objects.count() == 1


@pytest.mark.parametrize(
    "persona",
    [pytest.param("admin_client", id="superuser"), pytest.param("mona_client", id="moderator")],
)
def test_nobody_can_edit_a_log_entry_in_the_admin(request, persona, entry):
    client = request.getfixturevalue(persona)
    url = f"/admin/moderation/moderationaction/{entry.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Spam" in page.text
    assert 'name="reason"' not in page.text
    assert 'name="_save"' not in page.text
    response = client.post(url, {"reason": "Nothing to see", "action": "keep"})
    assert response.status_code == 403
    assert ModerationAction.objects.get().reason == "Spam"


@pytest.mark.parametrize(
    "persona",
    [pytest.param("admin_client", id="superuser"), pytest.param("mona_client", id="moderator")],
)
def test_nobody_can_delete_a_log_entry_in_the_admin(request, persona, entry):
    client = request.getfixturevalue(persona)
    url = f"/admin/moderation/moderationaction/{entry.pk}/delete/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    changelist = client.get("/admin/moderation/moderationaction/")
    assert "delete_selected" not in changelist.text
    client.post(
        "/admin/moderation/moderationaction/",
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert ModerationAction.objects.filter(pk=entry.pk).exists()


def test_a_moderator_reads_who_did_what_to_what_and_why_with_the_state_before_and_after(
    mona_client, entry
):
    page = mona_client.get("/admin/moderation/moderationaction/")
    assert page.status_code == 200
    assert "Mona" in page.text
    assert f'href="/admin/debates/counterargument/{entry.target_id}/change/"' in page.text
    assert "Spam" in page.text
    assert "Visibility: visible → hidden by a moderator" in page.text  # words, not codes


def test_the_log_narrows_to_one_items_history(mona_client, entry, mona, alice):
    moderation_services.debate_lock(
        moderator=mona, article=make_article(user=alice, title="Other"), locked=True
    )
    page = mona_client.get(
        f"/admin/moderation/moderationaction/?target_type=counterargument&target_id={entry.target_id}"
    )
    assert page.status_code == 200
    assert page.context["cl"].result_count == 1
    assert "Spam" in page.text


def test_automatic_actions_show_no_moderator(mona_client, alice, bob):
    article = make_article(user=alice, text=TEXT)
    answer = services.passage_counter(
        user=alice, article=article, start=0, end=10, exact=TEXT[:10], stance="asks", body="Hm"
    )
    for flagger in (bob, UserFactory(), UserFactory()):
        moderation_services.flag_create(user=flagger, target=answer, reason="spam")
    page = mona_client.get("/admin/moderation/moderationaction/?moderator__isnull=True")
    assert "hidden automatically after flags" in page.text
    assert "automatic" in page.text


def test_deleting_a_member_who_has_log_entries_is_refused_with_an_explanation(
    admin_client, entry, mona
):
    # The log protects the members it names: the delete page lists the entries in the
    # way instead of failing, and confirming deletes nothing. (Mona, who decided, holds
    # no passage or answer, which the admin refuses to delete for another reason.)
    url = f"/admin/accounts/user/{mona.pk}/delete/"
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "protected related objects" in page.text
    assert "moderation action" in page.text.lower()
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert type(mona).objects.filter(pk=mona.pk).exists()


def test_deleting_a_moderator_with_log_entries_in_bulk_is_refused_too(admin_client, entry, mona):
    response = admin_client.post(
        "/admin/accounts/user/",
        {"action": "delete_selected", "_selected_action": [mona.pk], "post": "yes"},
    )
    assert response.status_code == 200
    assert "protected related objects" in response.text
    assert type(mona).objects.filter(pk=mona.pk).exists()
