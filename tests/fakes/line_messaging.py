"""A local fake of the LINE Messaging API, for tests and benchmarks that must not reach LINE.

`FakeLineMessaging` is a real HTTP/1.1 server on 127.0.0.1 (a free port, a background thread)
answering the way LINE documents it (https://developers.line.biz/en/reference/messaging-api/),
checked against LINE's own OpenAPI description in tests/fakes/line/messaging-api.yml and the
documented limits it does not state (tests/fakes/line_limits.py):

- POST /v2/bot/message/push (#send-push-message):
  - `Authorization: Bearer <channel access token>`: anything else is 401 with LINE's error body
    (on every endpoint).
  - `X-Line-Retry-Key`: optional, a UUID (else 400). A key already accepted is answered 409 with
    `X-Line-Accepted-Request-Id` and nothing is delivered again: that is how a retried push is
    made safe. Only a 200 accepts a key, as at LINE.
  - The JSON body must be a valid `PushMessageRequest` (1–5 message objects: text, flex, ...):
    otherwise 400 `{"message": "The request body has N error(s)", "details": [{"message", "property"}]}`.
  - `check_schema=False` skips the schema check (the benchmark, whose pushes the tests check).
  - `fake.answer(200, 400, 429, 500, ...)` scripts the next answers to otherwise valid pushes
    (LINE's documented error bodies; 429 with `Retry-After` when `retry_after` is given);
    unscripted pushes get 200 `{"sentMessages": [{"id", "quoteToken"}]}`.
  - `fake.delay = seconds`: a slow LINE — the push is accepted (delivered) first, the answer
    comes after the delay, so a client killed meanwhile never learns it went through.
- POST /v2/bot/message/reply (#send-reply-message): a valid `ReplyMessageRequest` whose replyToken
  the fake issued (`fake.issue_reply_token()`, which tests/fakes/line_webhooks.py puts in the
  webhook events it makes), used once and within a minute; else 400 "Invalid reply token".
- The rich menu endpoints (tests/fakes/line_rich_menus.py): validate, create, list, delete, upload
  the image (on the same server: LINE_MESSAGING_API_DATA_URL points here too), set and get the default.

What arrived: `fake.requests` (every request, with status), `fake.pushes` (the push requests),
`fake.delivered` (the accepted pushes, one per delivered message), `fake.delivered_to(user_id)`,
`fake.duplicates()`, `fake.replies` (the accepted replies), `fake.rich_menus`.
"""

from __future__ import annotations

import functools
import json
import secrets
import socket
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

from tests.fakes.line_limits import message_limit_errors
from tests.fakes.line_rich_menus import FakeRichMenus

PUSH_PATH = "/v2/bot/message/push"
REPLY_PATH = "/v2/bot/message/reply"
REPLY_TOKEN_LIFETIME = 60
TEST_ACCESS_TOKEN = "test-channel-access-token"  # nosec: test-only
SPEC = Path(__file__).resolve().parent / "line" / "messaging-api.yml"

ERROR_BODIES = {
    400: {"message": "Failed to send messages"},
    401: {"message": "Authentication failed. Confirm that the access token in the authorization header is valid."},
    403: {"message": "The request is not authorized to use this endpoint."},
    409: {"message": "The retry key is already accepted"},
    429: {"message": "The API rate limit has been exceeded. Try again later."},
    500: {"message": "Internal server error"},
}


@functools.cache
def _schemas():
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(SPEC, encoding="utf-8") as spec:
        return yaml.load(spec, Loader=loader)["components"]["schemas"]


def _resolve(schema):
    while "$ref" in schema:
        schema = _schemas()[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "integer": int, "number": (int, float)}


def validate(schema, value, where="", dispatch=True):
    """Errors of `value` against an OpenAPI 3.0 schema of the spec (the parts LINE's push uses:
    $ref, allOf, discriminator, type, required, properties, items, min/maxItems, enum, min/maxLength,
    minimum/maximum)."""
    schema = _resolve(schema)
    errors = []
    discriminator = schema.get("discriminator")
    if dispatch and discriminator and isinstance(value, dict):
        name = value.get(discriminator["propertyName"])
        target = discriminator.get("mapping", {}).get(name)
        if target is None:
            return [(f"{where}.{discriminator['propertyName']}".lstrip("."), f"unknown value {name!r}")]
        return validate({"$ref": target}, value, where, dispatch=False)
    for part in schema.get("allOf", []):
        errors += validate(part, value, where, dispatch=False)
    expected = schema.get("type")
    if expected and not (
        isinstance(value, _TYPES[expected]) and not (expected != "boolean" and isinstance(value, bool))
    ):
        return errors + [(where, f"must be {expected}")]
    if "enum" in schema and value not in schema["enum"]:
        errors.append((where, f"must be one of {schema['enum']}"))
    if isinstance(value, str):
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            errors.append((where, f"size must be at most {schema['maxLength']}"))
        if "minLength" in schema and len(value) < schema["minLength"]:
            errors.append((where, f"size must be at least {schema['minLength']}"))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append((where, f"must be greater than or equal to {schema['minimum']}"))
        if "maximum" in schema and value > schema["maximum"]:
            errors.append((where, f"must be less than or equal to {schema['maximum']}"))
    if isinstance(value, dict):
        for name in schema.get("required", []):
            if name not in value:
                errors.append((f"{where}.{name}".lstrip("."), "must be specified"))
        for name, subschema in schema.get("properties", {}).items():
            if name in value:
                errors += validate(subschema, value[name], f"{where}.{name}".lstrip("."))
    if isinstance(value, list):
        if "minItems" in schema and len(value) < schema["minItems"]:
            errors.append((where, f"size must be at least {schema['minItems']}"))
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            errors.append((where, f"size must be at most {schema['maxItems']}"))
        if "items" in schema:
            for index, item in enumerate(value):
                errors += validate(schema["items"], item, f"{where}[{index}]")
    return errors


def request_errors(schema_name, body):
    """What LINE would refuse in `body`: its schema, and for messages the documented limits."""
    errors = validate({"$ref": f"#/components/schemas/{schema_name}"}, body)
    return errors + (message_limit_errors(body.get("messages")) if isinstance(body, dict) else [])


def push_request_errors(body):
    return request_errors("PushMessageRequest", body)


def reply_request_errors(body):
    return request_errors("ReplyMessageRequest", body)


def _sent(body):
    """LINE's answer to an accepted push or reply: an id and a quote token per message."""
    return [{"id": str(secrets.randbelow(10**18)), "quoteToken": secrets.token_urlsafe(16)} for _ in body["messages"]]


def refusal(errors):
    return (
        400,
        {
            "message": f"The request body has {len(errors)} error(s)",
            "details": [{"message": message, "property": where} for where, message in errors],
        },
        {},
    )


@dataclass
class Push:
    """One request as the fake received it (a push, a reply or a rich menu call)."""

    status: int
    path: str
    headers: dict
    body: object
    retry_key: str | None
    method: str = "POST"


class FakeLineMessaging:
    def __init__(self, access_token=TEST_ACCESS_TOKEN, check_schema=True):
        self.access_token = access_token
        self.check_schema = check_schema
        self.requests: list[Push] = []
        self.delivered: list[Push] = []
        self.replies: list[Push] = []
        self.delay = 0.0
        self._script: list[tuple[int, int | None]] = []
        self._accepted: dict[str, str] = {}
        self._reply_tokens: dict[str, float] = {}
        self._lock = threading.Lock()
        self.menus = FakeRichMenus(self._lock)
        self._server = None
        self._thread = None

    # --- the test's controls ---

    @property
    def url(self):
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def answer(self, *statuses, retry_after=None):
        with self._lock:
            self._script += [(status, retry_after if status == 429 else None) for status in statuses]

    def delivered_to(self, user_id):
        return [push for push in self.delivered if push.body.get("to") == user_id]

    @property
    def pushes(self):
        return [request for request in self.requests if request.path == PUSH_PATH]

    @property
    def rich_menus(self):
        return self.menus.menus

    def issue_reply_token(self):
        """A reply token, as LINE puts one in a webhook event that can be answered."""
        token = secrets.token_hex(16)
        with self._lock:
            self._reply_tokens[token] = time.monotonic()
        return token

    def replies_to(self, reply_token):
        return [reply for reply in self.replies if reply.body.get("replyToken") == reply_token]

    def duplicates(self):
        """Messages delivered more than once, by retry key."""
        counts = Counter(push.retry_key for push in self.delivered)
        return {key: count for key, count in counts.items() if count > 1}

    def start(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def setup(self):
                super().setup()
                # Headers and body go out in two writes: without this, Nagle and delayed ACKs add 40 ms.
                self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def _respond(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                status, body, headers = fake._handle(self.command, self.path, dict(self.headers.items()), raw)
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_DELETE = _respond

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        # A short poll: stop() waits for it, once per test.
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    # --- LINE's behaviour ---

    def _handle(self, method, path, headers, raw):
        headers = {name.lower(): value for name, value in headers.items()}
        retry_key = headers.get("x-line-retry-key")
        try:
            body = json.loads(raw or b"null")
        except ValueError:
            body = None
        if headers.get("authorization") != f"Bearer {self.access_token}":
            status, answer, extra = 401, ERROR_BODIES[401], {}
        elif (method, path) == ("POST", PUSH_PATH):
            status, answer, extra = self._decide(path, headers, body, retry_key)
        elif (method, path) == ("POST", REPLY_PATH):
            status, answer, extra = self._reply(headers, body)
        else:
            status, answer, extra = self.menus.handle(method, path, headers, body, raw)
        push = Push(status, path, headers, body if body is not None else raw, retry_key, method)
        with self._lock:
            self.requests.append(push)
        if status == 200 and path == PUSH_PATH and self.delay:
            time.sleep(self.delay)
        return status, answer, extra

    def _reply(self, headers, body):
        if not headers.get("content-type", "").startswith("application/json") or not isinstance(body, dict):
            return refusal([("", "must be a JSON object")])
        errors = reply_request_errors(body)
        if errors:
            return refusal(errors)
        with self._lock:
            issued = self._reply_tokens.pop(body["replyToken"], None)
            if issued is None or time.monotonic() - issued > REPLY_TOKEN_LIFETIME:
                return 400, {"message": "Invalid reply token"}, {}
            self.replies.append(Push(200, REPLY_PATH, headers, body, None))
        return 200, {"sentMessages": _sent(body)}, {"X-Line-Request-Id": str(uuid.uuid4())}

    def _decide(self, path, headers, body, retry_key):
        if retry_key is not None:
            try:
                uuid.UUID(retry_key)
            except ValueError:
                return 400, {"message": "The value for the 'X-Line-Retry-Key' header is invalid"}, {}
        if not headers.get("content-type", "").startswith("application/json") or not isinstance(body, dict):
            return refusal([("", "must be a JSON object")])
        errors = push_request_errors(body) if self.check_schema else []
        if errors:
            return refusal(errors)
        with self._lock:
            if retry_key is not None and retry_key in self._accepted:
                return 409, ERROR_BODIES[409], {"X-Line-Accepted-Request-Id": self._accepted[retry_key]}
            status, retry_after = self._script.pop(0) if self._script else (200, None)
            if status != 200:
                return (
                    status,
                    ERROR_BODIES.get(status, {"message": "Error"}),
                    ({"Retry-After": str(retry_after)} if retry_after is not None else {}),
                )
            request_id = str(uuid.uuid4())
            if retry_key is not None:
                self._accepted[retry_key] = request_id
            self.delivered.append(Push(200, PUSH_PATH, headers, body, retry_key))
        return 200, {"sentMessages": _sent(body)}, {"X-Line-Request-Id": request_id}
