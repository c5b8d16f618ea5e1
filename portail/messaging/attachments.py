"""What a message may carry: PDF, PNG or JPEG files, recognized by their first bytes, 10 MB and 5 at most."""

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_SIZE = 10 * 1024 * 1024
MAX_COUNT = 5
# The file's content says what it is, never its name: an executable renamed .pdf starts with MZ.
SIGNATURES = [
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
]


@dataclass(frozen=True)
class CheckedFile:
    file: Any  # a Django File (an UploadedFile from a form)
    name: str
    content_type: str
    size: int


def _type_of(file: Any) -> tuple[str, str] | None:
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    for signature, content_type, extension in SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    return None


def _safe_name(name: str, extension: str) -> str:
    """The name shown and downloaded: the uploaded one's last part, without control characters."""
    stem = "".join(char for char in PurePath(name or "").name if char.isprintable() and char not in '"\\/')
    stem = stem.strip()[:200] or "piece-jointe"
    return (
        stem
        if stem.lower().endswith(extension) or (extension == ".jpg" and stem.lower().endswith(".jpeg"))
        else f"{stem}{extension}"
    )


def check_files(files: list[Any]) -> list[CheckedFile]:
    """The files, their type read from their content; a ValidationError saying what is wrong otherwise."""
    if len(files) > MAX_COUNT:
        raise ValidationError(
            _("A message carries at most %(count)d attachments.") % {"count": MAX_COUNT}, code="too_many"
        )
    checked = []
    for file in files:
        name = PurePath(getattr(file, "name", "") or "").name
        if file.size > MAX_SIZE:
            raise ValidationError(
                _("%(name)s is larger than %(limit)s.") % {"name": name, "limit": filesizeformat(MAX_SIZE)},
                code="too_large",
            )
        found = _type_of(file)
        if found is None:
            raise ValidationError(
                _("%(name)s is not a PDF, PNG or JPEG file.") % {"name": name}, code="wrong_type"
            )
        content_type, extension = found
        checked.append(
            CheckedFile(
                file=file, name=_safe_name(name, extension), content_type=content_type, size=file.size
            )
        )
    return checked
