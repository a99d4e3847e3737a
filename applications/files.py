"""Attachment checks: allowed types by extension AND content (magic bytes), and size."""

from __future__ import annotations

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError

# extension -> content type sent on download
ALLOWED: dict[str, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}
ALLOWED_LABEL = "PDF、Word(docx)、Excel(xlsx)、JPG、PNG"
ZIP_MEMBER = {"docx": "word/", "xlsx": "xl/"}


def extension(name: str) -> str:
    """The lower-case extension of a file name, without the dot."""
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _size_label(size: int) -> str:
    return f"{size / 1024 / 1024:g} MB"


def _content_matches(ext: str, upload) -> bool:
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if ext == "pdf":
        return head.startswith(b"%PDF-")
    if ext in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if ext == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if ext in ZIP_MEMBER:
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
        finally:
            upload.seek(0)
        return "[Content_Types].xml" in names and any(n.startswith(ZIP_MEMBER[ext]) for n in names)
    return False


def check_upload(upload) -> str:
    """The content type of an acceptable upload; ValidationError with a Chinese message otherwise."""
    name = getattr(upload, "name", "") or ""
    ext = extension(name)
    if ext not in ALLOWED:
        raise ValidationError(f"不支持的文件类型「{ext or '无扩展名'}」,仅支持 {ALLOWED_LABEL}。")
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(f"文件过大({_size_label(upload.size)}),单个附件不能超过 {_size_label(limit)}。")
    if upload.size == 0:
        raise ValidationError("文件为空,请重新选择。")
    if not _content_matches(ext, upload):
        raise ValidationError(f"文件内容与扩展名「.{ext}」不符,仅支持 {ALLOWED_LABEL}。")
    return ALLOWED[ext]
