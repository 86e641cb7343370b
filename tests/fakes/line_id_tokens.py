"""LINE's id tokens: HS256 JWTs signed with the channel secret, as LINE signs those of web login."""

import base64
import hashlib
import hmac
import json


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_id_token(claims: dict, secret: str) -> str:
    """An HS256 JWT, the way LINE signs the id tokens of web login (key: the channel secret)."""
    header = b64url(json.dumps({"typ": "JWT", "alg": "HS256"}).encode())
    payload = b64url(json.dumps(claims, ensure_ascii=False).encode())
    signature = hmac.new(secret.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64url(signature)}"


def read_id_token(token: str, secret: str) -> dict | None:
    """The claims of an id token signed with `secret`, or None if it is not one."""
    try:
        header, payload, signature = token.split(".")
        expected = hmac.new(secret.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(expected, b64url_decode(signature)):
            return None
        if json.loads(b64url_decode(header)).get("alg") != "HS256":
            return None
        return json.loads(b64url_decode(payload))
    except (ValueError, TypeError):
        return None
