"""The debate speaks Simplified Chinese too: stances, buttons and messages."""

import pytest

from tests.factories import make_counterargument

pytestmark = pytest.mark.django_db

ZH = {"HX-Request": "true", "Accept-Language": "zh-CN,zh;q=0.9"}


@pytest.mark.parametrize(
    ("stance", "label"),
    [
        pytest.param("refutes", "反驳", id="refutes"),
        pytest.param("qualifies", "补充限定", id="qualifies"),
        pytest.param("supports", "支持", id="supports"),
        pytest.param("asks", "提问", id="asks"),
    ],
)
def test_the_stance_label_is_translated(passage, bob, client, stance, label):
    make_counterargument(user=bob, highlight=passage, stance=stance)
    response = client.get(f"/articles/{passage.article_id}/passages/{passage.pk}/", headers=ZH)
    assert 'aria-hidden="true">' in response.text
    assert f"</span> {label}</span>" in response.text


def test_the_thread_and_its_forms_are_in_chinese(passage, bob, carol, alice_client):
    # Two answers: the orderings are offered only when there is something to order.
    make_counterargument(user=bob, highlight=passage)
    make_counterargument(user=carol, highlight=passage)
    text = alice_client.get(
        f"/articles/{passage.article_id}/passages/{passage.pk}/", headers=ZH
    ).text
    for words in ("最佳", "最具争议", "最新", "回应这个段落", "发表", "回复", "赞成", "反对"):
        assert words in text


def test_a_refusal_is_in_chinese(passage, alice_client):
    response = alice_client.post(
        f"/passages/{passage.pk}/counterarguments/", {"stance": "refutes", "body": " "}, headers=ZH
    )
    assert response.status_code == 422
    assert "请先写点内容。" in response.text


def test_answer_counts_notifications_and_failure_sentences_are_in_chinese(
    passage, bob, carol, bob_client
):
    from tests.factories import make_reply

    make_counterargument(user=carol, highlight=passage)
    make_reply(user=carol, parent=make_counterargument(user=bob, highlight=passage))
    page = {"Accept-Language": "zh-CN,zh;q=0.9"}
    reading = bob_client.get(f"/articles/{passage.article_id}/", headers=page).text
    assert "2 条回应，1 条回复" in reading
    for words in ("这条内容已经不在了", "你的登录状态变了", "无法连接到网站", "请稍后再试"):
        assert words in reading
    notifications = bob_client.get("/notifications/", headers=page).text
    assert '<span class="new">新</span>' in notifications
    assert "见于《The cost of AI》" in notifications
