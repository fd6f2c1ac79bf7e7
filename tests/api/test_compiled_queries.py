"""core.queries.Compiled: the rows of the QuerySet it was built from, for any values."""

import pytest

from core.queries import Compiled
from debates import selectors
from debates.models import Counterargument
from tests.factories import make_counterargument, make_reply

pytestmark = pytest.mark.django_db


def test_compiled_rows_are_the_querysets_for_each_value(passage, alice, bob):
    other = make_counterargument(user=bob, highlight=passage, sources=["https://example.org/"])
    make_reply(user=alice, parent=other)
    Counterargument.objects.filter(pk=other.pk).update(upvotes=2, downvotes=1)
    compiled = Compiled(selectors.answer_rows, 1)
    for pk in (passage.pk, passage.pk + 1000):  # one with rows (timestamps, JSON), one without
        assert compiled.rows(pk) == [list(row) for row in selectors.answer_rows(pk)]
    assert len(compiled.rows(passage.pk)) == 2


def test_two_arguments_reach_their_own_parameters(passage, alice, bob):
    from debates import services

    ca = make_counterargument(user=bob, highlight=passage)
    services.vote_cast(user=alice, counterargument=ca, value=-1)
    compiled = Compiled(selectors.my_votes_rows, 2)
    assert compiled.rows(alice.pk, passage.pk) == [[ca.pk, -1]]
    assert compiled.rows(bob.pk, passage.pk) == []
    assert compiled.rows(passage.pk, alice.pk) == list(
        map(list, selectors.my_votes_rows(passage.pk, alice.pk))
    )


def test_an_argument_that_does_not_become_a_parameter_is_refused():
    compiled = Compiled(lambda pk: Counterargument.objects.values_list("pk"), 1)  # pk unused
    with pytest.raises(ValueError, match="parameter of its own"):
        compiled.rows(1)
    with pytest.raises(TypeError):
        Compiled(selectors.answer_rows, 1).rows(1, 2)
