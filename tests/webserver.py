"""The one HTTP server of the tests and the benchmarks: static folders served on 127.0.0.1.

``serve({"/": site_dir, "/__bare/pyodide/": pyodide_dir})`` serves each folder under its URL
prefix (the longest prefix wins) on a free port, with the MIME types the estimator needs and the
cache headers the provider's guide asks a static host for: content-hashed files under
``/assets/`` (and versioned Pyodide) cached for good, pages revalidated. It compresses nothing,
as the plainest static host.

>>> import tempfile, urllib.request
>>> with tempfile.TemporaryDirectory() as folder:
...     _ = (Path(folder) / "index.html").write_text("hello")
...     with serve({"/": Path(folder)}) as base:
...         with urllib.request.urlopen(base) as response:
...             response.read(), response.headers["Cache-Control"]
(b'hello', 'no-cache')
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

MIME_TYPES = {
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".wasm": "application/wasm",
    ".whl": "application/octet-stream",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".gz": "application/gzip",
    ".zip": "application/zip",
    ".tar": "application/x-tar",
}

#: URL prefixes whose files never change under the same URL.
IMMUTABLE_PREFIXES = ("/assets/", "/__bare/pyodide/")


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves ``mounts`` (URL prefix -> folder); quiet; cache headers by prefix."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}

    def __init__(self, *args: Any, mounts: Mapping[str, Path], **kwargs: Any) -> None:
        self._mounts = sorted(mounts.items(), key=lambda item: -len(item[0]))
        super().__init__(*args, directory=str(mounts.get("/", Path("."))), **kwargs)

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        for prefix, folder in self._mounts:
            if prefix != "/" and clean.startswith(prefix):
                self.directory = str(folder)
                return super().translate_path("/" + clean[len(prefix) :])
        return super().translate_path(path)

    def end_headers(self) -> None:
        immutable = any(part in self.path for part in IMMUTABLE_PREFIXES)
        self.send_header(
            "Cache-Control", "public, max-age=31536000, immutable" if immutable else "no-cache"
        )
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A test or a benchmark that aborts a download (Python failing to start, a throttled
        # snapshot) resets the connection mid-response: its intent, not a server fault.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(mounts: Mapping[str, Path]) -> Iterator[str]:
    """Serve ``mounts`` on a free port of 127.0.0.1; yields the base URL (ending in ``/``)."""
    handler = functools.partial(Handler, mounts=dict(mounts))
    server = Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
