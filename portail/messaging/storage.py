"""Where attachments are kept: a private folder (MESSAGING_STORAGE_ROOT), with no public URL."""

import os
from functools import cache

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class AttachmentStorage(FileSystemStorage):
    """Django's file storage in MESSAGING_STORAGE_ROOT, read at each use (tests point it elsewhere)."""

    @property
    def base_location(self) -> str:
        return str(settings.MESSAGING_STORAGE_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        # Never a URL: attachments are served by messaging:attachment, which checks who asks.
        raise ValueError("Attachments have no public URL.")


@cache
def attachment_storage() -> AttachmentStorage:
    return AttachmentStorage()
