"""The report as PDF, drawn by WeasyPrint from the same HTML as the page.

WeasyPrint needs system libraries (Pango). Without them the import fails with OSError; the
organiser then gets a message and the HTML report, which prints to A4 from any browser.
Nothing is fetched over the network: the only URLs served are our own static files.
"""

import logging
import mimetypes
import os
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage

logger = logging.getLogger(__name__)

# The report's base URL: a host that never resolves, so relative URLs stay recognisable.
BASE_URL = "https://report.invalid/"
SVG_CSS = "css/report-svg.css"
SVG_OPEN = re.compile(r"<svg\b[^>]*>")


class _Redact(logging.Filter):
    """WeasyPrint's warnings can quote the document's text (e.g. a glyph no font has):
    keep the message's wording, drop its values; drop the per-page progress chatter."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "weasyprint.progress":
            return False
        record.msg, record.args = str(record.msg), None
        return True


for _name in ("weasyprint", "weasyprint.progress"):
    logging.getLogger(_name).addFilter(_Redact())


class PdfUnavailable(Exception):
    """WeasyPrint or its system libraries are missing."""


@cache
def _weasyprint():
    try:
        import weasyprint
    except (OSError, ImportError) as error:
        # The error names the missing library, never any answer.
        logger.warning("PDF export unavailable: %s", error)
        return None
    return weasyprint


def available() -> bool:
    return _weasyprint() is not None


def static_path(url: str) -> Path | None:
    """The local file of one of our static URLs on BASE_URL, else None."""
    parts = urlsplit(url)
    base = urlsplit(BASE_URL)
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    if not parts.path.startswith(static_prefix):
        return None
    relative = unquote(parts.path.removeprefix(static_prefix))
    if ".." in Path(relative).parts:
        return None
    found = finders.find(relative)
    if not found and staticfiles_storage.exists(relative):  # a hashed name: only collected
        found = staticfiles_storage.path(relative)
    return Path(found) if found else None


def _fetcher_class(weasyprint):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalOnlyFetcher(URLFetcher):
        """Serves our static files and data: URLs; refuses everything else."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = static_path(url)
            if path is None:
                raise ValueError("remote or unknown URL refused in the PDF report")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                path.as_uri(), path.read_bytes(), {"Content-Type": content_type}, 200
            )

    return LocalOnlyFetcher


def style_inline_svgs(html: str) -> str:
    """Give each inline <svg> the chart rules: WeasyPrint applies no page CSS inside one."""
    css = Path(finders.find(SVG_CSS)).read_text(encoding="utf-8")
    return SVG_OPEN.sub(lambda match: f"{match.group(0)}<style>{css}</style>", html)


PDF_TIMEOUT = 300  # seconds; a few hundred participants take well under a minute
UNAVAILABLE_EXIT = 3


def render(html: str) -> bytes:
    """The PDF of a report page whose static URLs are relative to the site root.

    WeasyPrint is pure Python and holds the GIL for seconds: it runs in a child process, so
    that the live day's sockets, pushes and answers in this server process go on meanwhile."""
    if _weasyprint() is None:
        raise PdfUnavailable
    result = subprocess.run(
        [sys.executable, "-m", "workshops.pdf"],
        input=html.encode("utf-8"),
        capture_output=True,
        timeout=PDF_TIMEOUT,
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get(
                "DJANGO_SETTINGS_MODULE", "changemakers.settings"
            ),
        },
        check=False,
    )
    if result.returncode == UNAVAILABLE_EXIT:
        raise PdfUnavailable
    if result.returncode != 0 or not result.stdout.startswith(b"%PDF"):
        # The child's stderr may quote the report's text: log its last line's kind only.
        logger.error("PDF child process failed with exit code %s", result.returncode)
        raise PdfUnavailable
    return result.stdout


def render_here(html: str) -> bytes:
    """The PDF, drawn in this process (the child's work)."""
    weasyprint = _weasyprint()
    if weasyprint is None:
        raise PdfUnavailable
    fetcher = _fetcher_class(weasyprint)(allowed_protocols=["data", "https"])
    html = style_inline_svgs(html)
    try:
        return weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf()
    except OSError as error:  # a library that loads lazily (e.g. a font backend)
        raise PdfUnavailable from error


if __name__ == "__main__":
    import django

    django.setup()
    try:
        sys.stdout.buffer.write(render_here(sys.stdin.buffer.read().decode("utf-8")))
    except PdfUnavailable:
        sys.exit(UNAVAILABLE_EXIT)
