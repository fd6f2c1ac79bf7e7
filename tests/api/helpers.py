"""Shared text and assertions for the API tests."""

TEXT = (
    "AI inference gets ten times cheaper every year, the report says.\n\n"
    "Raising a person takes twenty years of food; a model takes one training run."
)


def assert_error(response, status: int, code: str | None = None) -> dict:
    """The one error shape, with a sentence for people."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"code", "message", "fields"}
    assert isinstance(error["message"], str)
    assert error["message"].strip()
    if code is not None:
        assert error["code"] == code, error
    return error
