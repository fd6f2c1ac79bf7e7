"""Adding a flag reason is one line in FlagReason: the form, the API's schema, the
service's sentence and the admin all read the TextChoices."""

import pytest

from moderation.forms import FlagForm
from moderation.models import FlagReason

pytestmark = pytest.mark.django_db


def test_the_flag_form_offers_exactly_the_reasons():
    html = FlagForm().as_p()
    for value, label in FlagReason.choices:
        assert f'value="{value}"' in html
        assert str(label) in html
    assert [v for v, _ in FlagForm().fields["reason"].choices] == FlagReason.values


def test_the_api_schema_lists_exactly_the_reasons(client):
    schema = client.get("/api/schema/?format=json").json()
    assert schema["components"]["schemas"]["FlagReasonEnum"]["enum"] == FlagReason.values


def test_the_refusal_names_every_reason(bob, passage):
    from django.core.exceptions import ValidationError

    from moderation import services

    with pytest.raises(ValidationError) as caught:
        services.flag_create(user=bob, target=passage, reason="nonsense")
    message = caught.value.message_dict["reason"][0]
    for label in FlagReason.labels:
        assert str(label).lower() in message
