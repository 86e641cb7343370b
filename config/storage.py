"""Files on S3-compatible object storage (django-storages), for a site that runs on many machines.

One bucket holds what editors upload: images, their renditions and documents. Only the renditions
(`images/`) are public, at the bucket's or a CDN's address: they are what pages show. Originals
(`original_images/`, which may carry a camera's location) and documents have no public address:
documents go out only through Wagtail's serve view, which applies the collection's privacy rules.
The exports bucket is private: a coordinator, once the download view has checked who they are,
is sent a link signed for a few seconds.

Links for a browser are signed for `browser_endpoint_url` where the servers reach the storage at
another address than browsers do (docker-compose: http://minio:9000 inside, localhost outside).
`prepare_buckets()` creates the buckets and gives the media bucket its policy (manage.py
prepare_object_storage, run once by docker-compose and by the tests against their S3 server)."""

import json

import botocore
from botocore.config import Config
from django.conf import settings
from django.core.files.storage import storages
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

# Renditions are never rewritten under the same name once made; a day keeps a CDN's copies fresh enough.
PUBLIC_CACHE_CONTROL = "public, max-age=86400"


class ObjectStorage(S3Storage):
    """S3Storage whose links are plain for names under `public_prefixes` and signed for the rest."""

    def get_default_settings(self):
        return {**super().get_default_settings(), "public_prefixes": (), "browser_endpoint_url": None}

    def _is_public(self, name):
        return name.startswith(tuple(self.public_prefixes))

    def get_object_parameters(self, name):
        parameters = super().get_object_parameters(name)
        if self._is_public(name):
            parameters.setdefault("CacheControl", PUBLIC_CACHE_CONTROL)
        return parameters

    def _browser_client(self, signed):
        attribute = "_signing_client" if signed else "_plain_client"
        client = getattr(self._connections, attribute, None)
        if client is None:
            config = (
                self.client_config if signed else self.client_config.merge(Config(signature_version=botocore.UNSIGNED))
            )
            client = self._create_session().client(
                "s3",
                region_name=self.region_name,
                use_ssl=self.use_ssl,
                verify=self.verify,
                config=config,
                endpoint_url=self.browser_endpoint_url or self.endpoint_url,
            )
            setattr(self._connections, attribute, client)
        return client

    def url(self, name, parameters=None, expire=None, http_method=None):
        key = self._normalize_name(clean_name(name))
        public = self._is_public(key)
        if public and self.custom_domain:
            return super().url(name, parameters, expire, http_method)
        params = {**(parameters or {}), "Bucket": self.bucket_name, "Key": key}
        return self._browser_client(signed=not public).generate_presigned_url(
            "get_object", Params=params, ExpiresIn=expire or self.querystring_expire, HttpMethod=http_method
        )


def public_read_policy(bucket, prefixes):
    """Anyone may read the objects under `prefixes` (the media bucket's renditions), and nothing else."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PublicRenditions",
                "Effect": "Allow",
                "Principal": {"AWS": ["*"]},
                "Action": ["s3:GetObject"],
                "Resource": [f"arn:aws:s3:::{bucket}/{prefix}*" for prefix in prefixes],
            }
        ],
    }


def object_storages():
    """{alias: storage} of the STORAGES kept on object storage."""
    return {
        alias: storages[alias]
        for alias, config in settings.STORAGES.items()
        if config["BACKEND"] == f"{ObjectStorage.__module__}.{ObjectStorage.__qualname__}"
    }


def prepare_buckets():
    """Create each bucket that does not exist yet; the one with public prefixes gets its policy,
    the others none (private). Returns [(alias, bucket, created)]."""
    prepared = []
    for alias, storage in object_storages().items():
        client = storage.connection.meta.client
        try:
            client.head_bucket(Bucket=storage.bucket_name)
            created = False
        except botocore.exceptions.ClientError as error:
            if error.response.get("Error", {}).get("Code") not in ("404", "NoSuchBucket"):
                raise
            options = {}
            if storage.region_name and storage.region_name != "us-east-1":
                options["CreateBucketConfiguration"] = {"LocationConstraint": storage.region_name}
            client.create_bucket(Bucket=storage.bucket_name, **options)
            created = True
        if storage.public_prefixes:
            policy = public_read_policy(storage.bucket_name, storage.public_prefixes)
            client.put_bucket_policy(Bucket=storage.bucket_name, Policy=json.dumps(policy))
        prepared.append((alias, storage.bucket_name, created))
    return prepared
