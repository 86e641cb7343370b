"""Where export files live, and how a finished one reaches the person who asked for it.

STORAGES["exports"] is this machine's disk (EXPORT_ROOT, apart from MEDIA_ROOT, which a site may
serve to anyone) or, on many machines, a private bucket on object storage (config/storage.py).
Either way a file leaves only through the download view's checks: from disk it is streamed; from
the bucket the browser is sent a link signed for EXPORT_DOWNLOAD_URL_SECONDS."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse, HttpResponseRedirect
from django.utils.cache import add_never_cache_headers
from django.utils.functional import LazyObject, empty
from django.utils.http import content_disposition_header


class LocalExportStorage(FileSystemStorage):
    """Export files under EXPORT_ROOT (read on each use, so a test may point it elsewhere)."""

    @property
    def base_location(self):
        return settings.EXPORT_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)


class _ExportStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["exports"]


export_files = _ExportStorage()


def export_storage():
    """ExportJob.file's storage: STORAGES["exports"], as default_storage is STORAGES["default"]."""
    return export_files


@receiver(setting_changed)
def _follow_storages(setting, **kwargs):
    if setting == "STORAGES":
        export_files._wrapped = empty


def download_response(file, filename, content_type):
    """The answer that hands `file` to the person the view has just checked."""
    if not hasattr(file.storage, "bucket_name"):
        return FileResponse(file.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    # Signed for the storage's querystring_expire: EXPORT_DOWNLOAD_URL_SECONDS.
    link = file.storage.url(
        file.name,
        parameters={
            "ResponseContentDisposition": content_disposition_header(as_attachment=True, filename=filename),
            "ResponseContentType": content_type,
        },
    )
    response = HttpResponseRedirect(link)
    add_never_cache_headers(response)
    # The signed link is the file for as long as it works: it must not travel on in a Referer.
    response["Referrer-Policy"] = "no-referrer"
    return response
