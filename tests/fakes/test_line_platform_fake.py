"""The rest of the fake LINE Platform behaves as LINE documents it, so the tests that trust it can:
replies (reply tokens used once), rich menus, the documented limits the OpenAPI file leaves out,
and webhook signatures (checked against openssl's HMAC, not our own code)."""

import io
import json
import urllib.error
import urllib.request

import pytest
from PIL import Image

from tests.fakes import line_webhooks
from tests.fakes.line_limits import message_limit_errors, rich_menu_limit_errors
from tests.fakes.line_messaging import REPLY_PATH, TEST_ACCESS_TOKEN, FakeLineMessaging

TEXT = [{"type": "text", "text": "สวัสดี"}]
MENU = {
    "size": {"width": 2500, "height": 843},
    "selected": True,
    "name": "portal-main",
    "chatBarText": "เมนู",
    "areas": [
        {
            "bounds": {"x": 0, "y": 0, "width": 1250, "height": 843},
            "action": {"type": "uri", "label": "กิจกรรม", "uri": "https://portal.example.org/events/"},
        }
    ],
}


@pytest.fixture
def fake():
    fake = FakeLineMessaging().start()
    yield fake
    fake.stop()


def call(fake, method, path, body=None, content_type="application/json", token=TEST_ACCESS_TOKEN):
    data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        fake.url + path,
        data=data,
        method=method,
        headers={"Authorization": f"Bearer {token}", **({"Content-Type": content_type} if data is not None else {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def png(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "green").save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_reply_token_works_once(fake):
    token = fake.issue_reply_token()
    assert call(fake, "POST", REPLY_PATH, {"replyToken": token, "messages": TEXT})[0] == 200
    assert call(fake, "POST", REPLY_PATH, {"replyToken": token, "messages": TEXT}) == (
        400,
        {"message": "Invalid reply token"},
    )
    assert call(fake, "POST", REPLY_PATH, {"replyToken": "not-issued", "messages": TEXT})[0] == 400
    assert len(fake.replies) == 1 and fake.replies_to(token)


def test_a_reply_is_checked_against_the_contract_and_the_limits(fake):
    token = fake.issue_reply_token()
    status, body = call(fake, "POST", REPLY_PATH, {"replyToken": token, "messages": TEXT * 6})
    assert status == 400 and {"message": "size must be at most 5", "property": "messages"} in body["details"]
    long_label = [
        {
            "type": "template",
            "altText": "x",
            "template": {
                "type": "buttons",
                "text": "x",
                "actions": [{"type": "postback", "label": "ก" * 21, "data": "d"}],
            },
        }
    ]
    status, body = call(fake, "POST", REPLY_PATH, {"replyToken": token, "messages": long_label})
    assert status == 400 and body["details"][0]["property"] == "messages[0].template.actions[0].label"
    assert call(fake, "POST", REPLY_PATH, {"replyToken": token, "messages": TEXT}, token="wrong")[0] == 401
    assert call(fake, "POST", REPLY_PATH, {"replyToken": token, "messages": TEXT})[0] == 200, (
        "a refused try spends no token"
    )


def test_the_documented_limits_of_messages():
    confirm = {
        "type": "template",
        "altText": "x",
        "template": {
            "type": "confirm",
            "text": "ก" * 241,
            "actions": [{"type": "message", "label": "ใช่", "text": "ใช่"}],
        },
    }
    assert [where for where, _ in message_limit_errors([confirm])] == ["messages[0].template"]
    flex = {"type": "flex", "altText": "x" * 1501, "contents": {"type": "bubble"}}
    assert message_limit_errors([flex]) == [("messages[0].altText", "size must be at most 1500")]
    assert message_limit_errors([{"type": "text", "text": "x" * 5001}]) == [
        ("messages[0].text", "size must be at most 5000")
    ]


def test_rich_menus_are_made_uploaded_defaulted_and_deleted_as_at_line(fake):
    assert call(fake, "POST", "/v2/bot/richmenu/validate", MENU) == (200, {})
    status, made = call(fake, "POST", "/v2/bot/richmenu", MENU)
    menu_id = made["richMenuId"]
    assert status == 200 and menu_id.startswith("richmenu-")
    assert call(fake, "POST", f"/v2/bot/user/all/richmenu/{menu_id}")[0] == 400, "no image yet"
    assert call(fake, "POST", f"/v2/bot/richmenu/{menu_id}/content", png(800, 270), "image/png")[0] == 400
    assert call(fake, "POST", f"/v2/bot/richmenu/{menu_id}/content", png(2500, 843), "image/jpeg")[0] == 400
    assert call(fake, "POST", f"/v2/bot/richmenu/{menu_id}/content", png(2500, 843), "image/png")[0] == 200
    assert call(fake, "POST", f"/v2/bot/richmenu/{menu_id}/content", png(2500, 843), "image/png")[0] == 400, "once"
    assert call(fake, "POST", f"/v2/bot/user/all/richmenu/{menu_id}")[0] == 200
    assert call(fake, "GET", "/v2/bot/user/all/richmenu") == (200, {"richMenuId": menu_id})
    assert [menu["richMenuId"] for menu in call(fake, "GET", "/v2/bot/richmenu/list")[1]["richmenus"]] == [menu_id]
    assert call(fake, "DELETE", f"/v2/bot/richmenu/{menu_id}")[0] == 200
    assert call(fake, "DELETE", f"/v2/bot/richmenu/{menu_id}")[0] == 404
    assert call(fake, "GET", "/v2/bot/user/all/richmenu")[0] == 404


@pytest.mark.parametrize(
    "change, where",
    [
        ({"chatBarText": "เมนูของพอร์ทัลอาสา"}, "chatBarText"),
        ({"size": {"width": 3000, "height": 843}}, "size"),
        ({"areas": []}, "areas"),
        (
            {
                "areas": [
                    {
                        "bounds": {"x": 2000, "y": 0, "width": 1000, "height": 843},
                        "action": {"type": "uri", "label": "x", "uri": "https://e.org/"},
                    }
                ]
            },
            "areas[0].bounds",
        ),
    ],
)
def test_a_rich_menu_line_would_refuse_is_refused(fake, change, where):
    assert [place for place, _ in rich_menu_limit_errors({**MENU, **change})] == [where]
    status, body = call(fake, "POST", "/v2/bot/richmenu/validate", {**MENU, **change})
    assert status == 400 and where in [detail["property"] for detail in body["details"]]
    incomplete = {key: value for key, value in MENU.items() if key != "name"}
    assert call(fake, "POST", "/v2/bot/richmenu", incomplete)[0] == 400


def test_webhook_bodies_are_signed_as_line_signs_them():
    raw = b'{"destination":"U1","events":[]}'
    # openssl dgst -sha256 -hmac fedcba9876543210fedcba9876543210 -binary | base64
    assert line_webhooks.signature(raw) == "+QuVhT/yuLHZBTPTvx7w40ISQC171N6C5Am2hST/ly4="
    event = line_webhooks.postback(FakeLineMessaging(), "U" + "1" * 32, "signup:x")
    assert len(event["webhookEventId"]) == 26 and event["deliveryContext"] == {"isRedelivery": False}
    [again] = line_webhooks.redelivered([event])
    assert again["webhookEventId"] == event["webhookEventId"] and again["deliveryContext"]["isRedelivery"] is True
