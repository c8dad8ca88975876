"""The Content-Security-Policy every page carries: nothing runs that the page did not ship.

A ``<meta http-equiv>`` tag (a static host may send no headers of its own) lists the fixed
directives and the SHA-256 hash of each inline script the page really has.
"""

from __future__ import annotations

import base64
import hashlib
import re

__all__ = ["CSP_DIRECTIVES", "content_security_policy", "with_csp"]

#: The policy every page gets; the inline scripts' hashes are added to script-src per page.
#: 'wasm-unsafe-eval' lets Pyodide and Pagefind compile WebAssembly, and nothing more.
CSP_DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'{hashes}",
    "worker-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL)
_CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)


def content_security_policy(page_html: str, *, live_reload: bool = False) -> str:
    """The CSP for a rendered page: the fixed directives plus a hash per inline script.

    Data blocks (``type="application/json"``) are not scripts and need no hash. Under
    ``mkdocs serve`` (``live_reload``) the server injects an inline reload script that differs on
    every request, so the preview allows inline scripts instead of listing hashes; everything
    else (no eval, no other host, workers from the site only) stays as in production.

    >>> content_security_policy("<script>alert(1)</script>").split("; ")[1]
    "script-src 'self' 'wasm-unsafe-eval' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
    """
    if live_reload:
        return "; ".join(CSP_DIRECTIVES).format(hashes=" 'unsafe-inline'")
    hashes = []
    for match in _INLINE_SCRIPT.finditer(page_html):
        attrs = match.group("attrs")
        if "src=" in attrs or "application/json" in attrs or "application/ld+json" in attrs:
            continue
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        token = f" 'sha256-{base64.b64encode(digest).decode('ascii')}'"
        if token not in hashes:
            hashes.append(token)
    return "; ".join(CSP_DIRECTIVES).format(hashes="".join(hashes))


def with_csp(output: str, *, live_reload: bool = False) -> str:
    """A rendered page with its CSP meta tag right after ``<meta charset>``."""
    policy = content_security_policy(output, live_reload=live_reload)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    new, count = _CHARSET.subn(lambda m: m.group(0) + "\n    " + meta, output, count=1)
    return new if count else output
