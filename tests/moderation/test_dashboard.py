"""The moderators' dashboard at /moderation/ and on the admin index: what needs them
now, what happened, and a server-drawn chart of flags and decisions per day."""

import datetime

import pytest
from django.utils import timezone

from moderation import charts, selectors
from moderation import services as moderation_services
from moderation.models import Flag
from tests.debates.moderation_setup import answer, flaggers

pytestmark = pytest.mark.django_db


def _flagged(author, passage, n, *, body):
    ca = answer(author=author, highlight=passage, body=body)
    for member in flaggers(n):
        moderation_services.flag_create(user=member, target=ca, reason="spam")
    return ca


def test_the_dashboard_counts_what_needs_a_moderator(bob, carol, mona, passage, settings):
    settings.FLAG_HIDE_WEIGHT = 3
    pending = _flagged(bob, passage, 3, body="Buy cheap GPUs")
    _flagged(carol, passage, 1, body="Just wrong")
    Flag.objects.filter(counterargument=pending).update(
        created=timezone.now() - datetime.timedelta(hours=5)
    )
    moderation_services.member_suspend(moderator=mona, member=carol, duration="7d", reason="Rude")

    data = selectors.moderation_dashboard()

    assert (data.open_flags, data.flagged_items, data.pending_review) == (4, 2, 1)
    assert data.waiting_for >= datetime.timedelta(hours=5)
    assert data.suspensions == [carol]
    assert {action: n for action, _label, n in data.actions_this_week} == {
        "auto_hide": 1,
        "suspend": 1,
    }
    assert data.flags_per_day[-1] == 4
    assert sum(data.decisions_per_day) == 1  # the suspension; the automatic hide is no decision
    assert len(data.days) == 30


def test_the_dashboard_page_shows_the_figures_and_an_svg_chart(bob, mona_client, passage):
    _flagged(bob, passage, 2, body="Spam")
    response = mona_client.get("/moderation/")
    assert response.status_code == 200
    page = response.text
    assert '<strong class="figure" id="figure-open-flags">2</strong>' in page
    assert "open flags on 1 item" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in page
    assert "<script" not in page.split("<body", 1)[1].replace("htmx", "")  # no chart script
    assert "Nobody is suspended." in page


def test_the_dashboard_speaks_chinese(bob, mona_client, passage):
    _flagged(bob, passage, 1, body="Spam")
    response = mona_client.get("/moderation/", headers={"accept-language": "zh-hans"})
    assert "需要你处理" in response.text
    assert "Needs you now" not in response.text


def test_the_dashboard_is_for_moderators_only(alice_client, client):
    assert alice_client.get("/moderation/").status_code == 403
    response = client.get("/moderation/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("items", [pytest.param(1, id="one-item"), pytest.param(12, id="twelve")])
def test_the_dashboard_takes_the_same_queries_whatever_its_data(
    items,
    bob,
    carol,
    mona,
    mona_client,
    passage,
    settings,
    lots_allowed,
    django_assert_num_queries,
):
    settings.FLAG_HIDE_WEIGHT = 2
    for n in range(items):
        _flagged(bob, passage, 2, body=f"Spam {n}")
    moderation_services.member_suspend(moderator=mona, member=carol, duration="1d", reason="x")
    # The session, the member, their permissions (two, for is_moderator), the unread
    # notifications, the queue badge; then the dashboard's nine (open appeals among them).
    with django_assert_num_queries(15):
        response = mona_client.get("/moderation/")
    assert response.status_code == 200


def test_the_admin_is_counterpoints_and_shows_moderators_their_dashboard(mona_client, bob, passage):
    _flagged(bob, passage, 1, body="Spam")
    page = mona_client.get("/admin/").text
    assert "Counterpoint administration" in page
    assert "Django administration" not in page
    assert 'id="figure-open-flags">1<' in page
    assert "css/admin.css" in page


def test_the_admin_header_is_translated(mona_client):
    page = mona_client.get("/admin/", headers={"accept-language": "zh-hans"}).text
    assert "Counterpoint 管理后台" in page


def test_the_chart_draws_one_bar_per_nonzero_value_and_escapes_its_labels():
    svg = charts.bar_chart(
        days=["1 Dec", "2 Dec", "3 Dec"],
        series=[
            charts.Series("Flags <b>", [0, 3, 1], "chart-flags"),
            charts.Series("Decisions", [2, 0, 0], "chart-decisions"),
        ],
        title="Flags & decisions",
        description="4 flags",
    )
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert svg.count("<rect ") == 3
    assert "Flags &lt;b&gt;" in svg
    assert "<b>" not in svg
    assert "Flags &amp; decisions" in svg
    assert ">5</text>" in svg  # the scale's top is rounded up from 3


def test_an_empty_chart_still_draws_its_axis():
    svg = charts.bar_chart(
        days=["a", "b"], series=[charts.Series("F", [0, 0], "x")], title="t", description="d"
    )
    assert "<rect" not in svg
    assert ">1</text>" in svg


def test_the_chart_refuses_series_of_the_wrong_length():
    with pytest.raises(ValueError, match="one value per day"):
        charts.bar_chart(
            days=["a"], series=[charts.Series("F", [1, 2], "x")], title="t", description="d"
        )
