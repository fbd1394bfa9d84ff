"""Refusing an oversized upload while it arrives, rather than after Django has written all of it to disk.

Django keeps an upload in memory up to ``FILE_UPLOAD_MAX_MEMORY_SIZE`` (2.5 MB) and streams a larger one to a
temporary file, however large; ``DATA_UPLOAD_MAX_MEMORY_SIZE`` limits the other form fields, not files. This
handler goes first and stops passing on a file's bytes once they pass the import limit: the rest of that file is
read and thrown away (``SkipFile``), so at most the limit is ever kept, and the form then says the file is too
large. A handler can only be added before anything reads ``request.POST``, which the CSRF middleware does, so the
upload view is exempt from the middleware and checks CSRF itself once the handler is in place (Django's documented
pattern for changing upload handlers).
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest


class SizeLimitHandler(FileUploadHandler):
    def __init__(self, request: HttpRequest, *, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.too_large = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.limit:
            self.too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> Any:
        return None  # the next handler (memory or temporary file) makes the file

    def request_size(self) -> int:
        """The size of the whole request, which a too large file is most of (for the message)."""
        try:
            return int(self.request.META.get("CONTENT_LENGTH") or 0)  # type: ignore[union-attr]
        except ValueError:
            return 0
