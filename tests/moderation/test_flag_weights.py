"""The flag weight rule (moderation/weights.py), on its own: pure, no database."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moderation.weights import MAX_WEIGHT, FlaggerRecord, flag_weight, number

ages = st.integers(min_value=0, max_value=20_000)
counts = st.integers(min_value=0, max_value=5_000)


@pytest.mark.parametrize(
    ("record", "weight"),
    [
        pytest.param(FlaggerRecord(account_age_days=0), "1", id="new-member"),
        pytest.param(FlaggerRecord(account_age_days=6), "1", id="six-days"),
        pytest.param(FlaggerRecord(account_age_days=7), "2", id="a-week"),
        pytest.param(FlaggerRecord(account_age_days=90), "3", id="three-months"),
        pytest.param(
            FlaggerRecord(account_age_days=0, upheld=5), "1", id="five-decided-earn-nothing-yet"
        ),
        pytest.param(FlaggerRecord(account_age_days=0, upheld=6), "2.29", id="six-all-upheld"),
        pytest.param(
            FlaggerRecord(account_age_days=0, upheld=7, rejected=3), "1", id="seventy-percent"
        ),
        pytest.param(
            FlaggerRecord(account_age_days=400, upheld=2, rejected=6), "1", id="mostly-rejected"
        ),
        pytest.param(
            FlaggerRecord(account_age_days=400, upheld=1000), "5", id="capped-at-a-moderators"
        ),
        pytest.param(FlaggerRecord(account_age_days=0, is_staff=True), "5", id="moderator"),
        pytest.param(
            FlaggerRecord(account_age_days=0, rejected=50, is_staff=True), "5", id="moderator-fixed"
        ),
    ],
)
def test_a_flag_weighs_one_plus_trust_plus_accuracy(record, weight):
    assert flag_weight(record) == Decimal(weight)


@given(age=ages, upheld=counts, rejected=counts, staff=st.booleans())
def test_a_flag_never_weighs_less_than_1_or_more_than_the_cap(age, upheld, rejected, staff):
    weight = flag_weight(
        FlaggerRecord(account_age_days=age, upheld=upheld, rejected=rejected, is_staff=staff)
    )
    assert Decimal(1) <= weight <= MAX_WEIGHT


@given(age=ages, upheld=counts, rejected=counts, more=st.integers(min_value=1, max_value=500))
def test_more_upheld_flags_never_weigh_less(age, upheld, rejected, more):
    before = FlaggerRecord(account_age_days=age, upheld=upheld, rejected=rejected)
    after = FlaggerRecord(account_age_days=age, upheld=upheld + more, rejected=rejected)
    assert flag_weight(after) >= flag_weight(before)


@given(age=ages, upheld=counts, rejected=counts, older=st.integers(min_value=1, max_value=5000))
def test_an_older_account_never_weighs_less(age, upheld, rejected, older):
    before = FlaggerRecord(account_age_days=age, upheld=upheld, rejected=rejected)
    after = FlaggerRecord(account_age_days=age + older, upheld=upheld, rejected=rejected)
    assert flag_weight(after) >= flag_weight(before)


@given(age=ages, raised=counts, upheld=counts, rejected=counts)
def test_a_moderators_flag_always_weighs_5(age, raised, upheld, rejected):
    record = FlaggerRecord(
        account_age_days=age, raised=raised, upheld=upheld, rejected=rejected, is_staff=True
    )
    assert flag_weight(record) == Decimal(5)


@pytest.mark.parametrize(
    ("weight", "text"),
    [("3.00", "3"), ("2.50", "2.5"), ("4.29", "4.29"), ("10", "10")],
)
def test_weights_read_without_trailing_zeros(weight, text):
    assert number(Decimal(weight)) == text
