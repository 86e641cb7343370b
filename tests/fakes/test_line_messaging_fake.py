"""The fake LINE push endpoint behaves as LINE documents it, so tests that trust it can."""

import json
import urllib.error
import urllib.request
import uuid

import pytest

from tests.fakes.line_messaging import PUSH_PATH, TEST_ACCESS_TOKEN, FakeLineMessaging, push_request_errors

TEXT = {"to": "U" + "0" * 32, "messages": [{"type": "text", "text": "สวัสดี"}]}


@pytest.fixture
def fake():
    fake = FakeLineMessaging().start()
    yield fake
    fake.stop()


def _push(fake, body, token=TEST_ACCESS_TOKEN, retry_key=None, path=PUSH_PATH):
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    if retry_key:
        headers["X-Line-Retry-Key"] = retry_key
    request = urllib.request.Request(fake.url + path, data=json.dumps(body).encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read())


def test_a_valid_push_is_delivered_once_per_retry_key(fake):
    key = str(uuid.uuid4())
    status, _, body = _push(fake, TEXT, retry_key=key)
    assert status == 200 and len(body["sentMessages"]) == 1
    status, headers, body = _push(fake, TEXT, retry_key=key)
    assert status == 409 and body == {"message": "The retry key is already accepted"}
    assert "X-Line-Accepted-Request-Id" in headers
    assert len(fake.delivered) == 1 and fake.duplicates() == {}


def test_wrong_token_path_key_or_body_are_refused(fake):
    assert _push(fake, TEXT, token="wrong")[0] == 401
    assert _push(fake, TEXT, path="/v2/bot/message/pushh")[0] == 404
    assert _push(fake, TEXT, retry_key="not-a-uuid")[0] == 400
    status, _, body = _push(fake, {"to": "U1", "messages": []})
    assert status == 400 and body["details"] == [{"message": "size must be at least 1", "property": "messages"}]
    assert fake.delivered == []


def test_the_schema_is_lines_own(fake):
    assert push_request_errors(TEXT) == []
    assert push_request_errors({"to": "U1", "messages": [{"type": "text"}]}) == [
        ("messages[0].text", "must be specified")
    ]
    assert push_request_errors({"to": "U1", "messages": [{"type": "fax"}]}) == [
        ("messages[0].type", "unknown value 'fax'")
    ]
    flex = {
        "type": "flex",
        "altText": "x",
        "contents": {
            "type": "bubble",
            "body": {"type": "box", "layout": "vertical", "contents": [{"type": "button", "style": "loud"}]},
        },
    }
    errors = push_request_errors({"to": "U1", "messages": [flex]})
    assert ("messages[0].contents.body.contents[0].action", "must be specified") in errors
    assert ("messages[0].contents.body.contents[0].style", "must be one of ['primary', 'secondary', 'link']") in errors


def test_scripted_answers_come_in_turn_with_lines_error_bodies(fake):
    fake.answer(400, 429, 500, retry_after=7)
    assert _push(fake, TEXT)[::2] == (400, {"message": "Failed to send messages"})
    status, headers, _ = _push(fake, TEXT)
    assert status == 429 and headers["Retry-After"] == "7"
    assert _push(fake, TEXT)[0] == 500
    assert _push(fake, TEXT)[0] == 200
