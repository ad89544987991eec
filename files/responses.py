"""Responses that hand a private attachment (of a post or a message) to a reader the caller has
already checked: never sniffed as another type, never kept by a shared cache."""

from pathlib import Path

from django.http import FileResponse, Http404


def _private(response: FileResponse) -> FileResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def download(item) -> FileResponse:
    """The file itself, as a download under its original name (`item`: an attachment model)."""
    return _private(
        FileResponse(item.file.open("rb"), content_type=item.content_type, as_attachment=True, filename=item.name)
    )


def preview(path: Path | None) -> FileResponse:
    """A thumbnail made by files.previews; None (not an image) is 404, like a file the reader may not see."""
    if path is None:
        raise Http404("No preview.")
    return _private(FileResponse(open(path, "rb"), content_type="image/jpeg"))
