"""Attachment checks: allowed types by extension AND content (magic bytes), and size."""

from __future__ import annotations

import unicodedata
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
# A docx/xlsx is a zip: refuse archives that would unpack to far more than they weigh (zip bombs).
ZIP_MAX_UNPACKED_BYTES = 200 * 1024 * 1024
ZIP_MAX_RATIO = 100
ZIP_MAX_MEMBERS = 5000


class ZipBomb(ValueError):
    pass


def clean_name(name: str) -> str:
    """A file name safe to store and show: no directory part, no control or bidi-override characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co"))
    kept = kept.strip().strip(".") or "附件"
    if len(kept) > 120:
        stem, dot, ext = kept.rpartition(".")
        kept = (stem[: 120 - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else kept[:120]
    return kept


def _check_archive(archive: zipfile.ZipFile, packed_size: int) -> None:
    members = archive.infolist()
    if len(members) > ZIP_MAX_MEMBERS:
        raise ZipBomb
    unpacked = sum(m.file_size for m in members)
    if unpacked > ZIP_MAX_UNPACKED_BYTES or unpacked > ZIP_MAX_RATIO * max(packed_size, 1):
        raise ZipBomb


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
                _check_archive(archive, upload.size)
                names = archive.namelist()
        except ZipBomb:
            raise
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
    try:
        matches = _content_matches(ext, upload)
    except ZipBomb as exc:
        raise ValidationError("文件解压后体积异常(疑似压缩炸弹),请另存为普通文档后重新上传。") from exc
    if not matches:
        raise ValidationError(f"文件内容与扩展名「.{ext}」不符,仅支持 {ALLOWED_LABEL}。")
    return ALLOWED[ext]
