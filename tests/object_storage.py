"""A real S3 endpoint on the loopback for the storage tests and the multi-machine drill: moto's
standalone server (moto[server], from requirements-dev.lock) speaking the S3 protocol over HTTP, not a
mocked client. It keeps what it is sent and enforces bucket policies: an anonymous read of an object
that the policy does not make public is refused with 403, as on S3 or MinIO. (It does not check
signatures or their expiry: tests check the signed links' parameters instead.)

Started once per session; each test gets buckets of its own. If it cannot start, the tests that need
it are skipped with the reason, and fail under CI=true."""

import urllib.error
import urllib.request
import uuid

import environ
import pytest

from tests.services import service_missing

ACCESS_KEY, SECRET_KEY, REGION = "test-access-key", "test-secret-key", "us-east-1"


class S3Server:
    def __init__(self):
        from moto.server import ThreadedMotoServer

        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self._server.start()
        host, port = self._server.get_host_and_port()
        self.url = f"http://{host}:{port}"

    def stop(self):
        self._server.stop()

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
            config=Config(s3={"addressing_style": "path"}),
        )

    def environment(self):
        """The S3_* variables of a site whose media and exports are on this server, in buckets of its own."""
        suffix = uuid.uuid4().hex[:10]
        return {
            "S3_MEDIA_BUCKET": f"media-{suffix}",
            "S3_EXPORTS_BUCKET": f"exports-{suffix}",
            "S3_ENDPOINT_URL": self.url,
            "S3_ACCESS_KEY_ID": ACCESS_KEY,
            "S3_SECRET_ACCESS_KEY": SECRET_KEY,
            "S3_REGION": REGION,
        }

    def keys(self, bucket, prefix=""):
        listing = self.client().list_objects_v2(Bucket=bucket, Prefix=prefix)
        return sorted(item["Key"] for item in listing.get("Contents", []))


def anonymous_get(url):
    """(status, body, headers) of a GET with no credentials at all, as a visitor's browser makes it."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


def start_s3_server():
    """A started S3Server; if it cannot start, the test is skipped with the reason (failed under CI=true)."""
    try:
        return S3Server()
    except Exception as error:  # noqa: BLE001 - whatever stops it, the reason is what the skip says
        service_missing(f"moto's S3 server cannot start ({type(error).__name__}: {error}); pip install 'moto[server]'")


@pytest.fixture(scope="session")
def s3_server():
    server = start_s3_server()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def object_storage(s3_server, settings, monkeypatch):
    """This process's STORAGES on the S3 server, built by the settings' own code from S3_* variables, with
    the buckets prepared as `manage.py prepare_object_storage` prepares them. Yields the variables."""
    from config.settings.services import object_storage as storages_from_environment
    from config.storage import prepare_buckets

    variables = s3_server.environment()
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    settings.STORAGES, origins = storages_from_environment(
        environ.Env(), settings.STORAGES, settings.EXPORT_DOWNLOAD_URL_SECONDS
    )
    for name in ("CONTENT_SECURITY_POLICY", "ADMIN_CONTENT_SECURITY_POLICY"):
        policy = getattr(settings, name)
        directives = {**policy["DIRECTIVES"], "img-src": [*policy["DIRECTIVES"]["img-src"], *origins]}
        setattr(settings, name, {**policy, "DIRECTIVES": directives})
    prepare_buckets()
    return variables
