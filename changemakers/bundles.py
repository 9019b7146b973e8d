"""The phone's scripts and styles, each as one minified file.

On venue Wi-Fi every request costs a round trip and ~0.4 KB of headers, and gzip packs one
file better than several. A staticfiles finder builds the bundles from the other finders' files
(our scripts parsed and printed minified with their local names shortened by calmjs.parse, ~1 KB
less gzipped than whitespace-stripping alone; styles by rcssmin): collectstatic (`make run`, the test session) copies them like any static file,
so they get hashed names, .gz/.br copies and a year's caching; in development (DEBUG) the finders
serve them, rebuilt when a source changed. Their .gz copies are made with zopfli (~4 % smaller
than gzip -9, and still plain gzip): a phone on the venue's plain-http network is offered no
brotli by its browser.
"""

import os
import tempfile
from pathlib import Path

import rcssmin
import zopfli.gzip
from calmjs.parse import es5
from calmjs.parse.unparsers.es5 import minify_print
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import FileSystemStorage
from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage

# The phone's swaps (swap.js: the few htmx attributes its pages use, instead of htmx's 16.5 KB),
# a11y, the socket client (live.js, shared with the screens), phone.js, the talks' script, the
# text counter and the countdown. The screens load htmx and their scripts one by one.
BUNDLES = {
    # live.js before phone.js, which starts its socket as soon as it runs.
    "bundles/phone.js": [
        "js/swap.js",
        "js/a11y.js",
        "js/live.js",
        "js/phone.js",
        "js/talks.js",
        "js/textlimit.js",
        "js/timer.js",
    ],
    "bundles/phone.css": ["css/app.css", "css/talks.css"],
}


def _minified(source: str, text: str) -> str:
    if source.endswith(".js"):
        # Local names only: the scripts talk to each other through globals.
        return minify_print(es5(text), obfuscate=True, obfuscate_globals=False)
    return rcssmin.cssmin(text)


def _sources(name: str) -> list[Path]:
    found = []
    for source in BUNDLES[name]:
        path = finders.find(source)
        if path is None:
            raise FileNotFoundError(f"{name}: static file {source!r} not found")
        found.append(Path(path))
    return found


def build(name: str, root: Path) -> Path:
    """Writes the bundle `name` under `root` if it is missing or its sources changed."""
    target = root / name
    sources = _sources(name)
    # This file too: a change of how bundles are built rebuilds them.
    inputs = [*sources, Path(__file__)]
    if target.exists() and target.stat().st_mtime >= max(p.stat().st_mtime for p in inputs):
        return target
    # ";" between scripts: a file ending without one would otherwise call the next file's IIFE.
    separator = ";\n" if name.endswith(".js") else "\n"
    text = separator.join(
        _minified(source, path.read_text(encoding="utf-8"))
        for source, path in zip(BUNDLES[name], sources, strict=True)
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed: another process (a second server, the tests) never reads half.
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(text + "\n")
    os.chmod(temporary, 0o644)
    os.replace(temporary, target)
    return target


class BundleFinder(finders.BaseFinder):
    def __init__(self, *args, **kwargs):
        self.root = Path(settings.BUNDLE_ROOT)
        self.storage = FileSystemStorage(location=self.root)

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        find_all = find_all or kwargs.get("all", False)
        if path not in BUNDLES:
            # [] either way, as Django's own finders: finders.find() turns a None into [None],
            # a "match" that ends its search for the other finders (hashed names, e.g. the PDF).
            return []
        built = str(build(path, self.root))
        return [built] if find_all else built

    def list(self, ignore_patterns):
        for name in BUNDLES:
            build(name, self.root)
            yield name, self.storage


class _ZopfliCompressor(Compressor):
    @staticmethod
    def compress_gzip(data: bytes) -> bytes:
        return zopfli.gzip.compress(data)


class _Compressor(Compressor):
    """zopfli for the bundles only: it is ~100× slower than gzip, too slow for every file."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.bundles = _ZopfliCompressor(**kwargs)

    def compress(self, path):
        if Path(path).parent.name == "bundles":
            return self.bundles.compress(path)
        return super().compress(path)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def create_compressor(self, **kwargs):
        return _Compressor(**kwargs)
