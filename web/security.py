"""Who may write (upload, delete): a token when one is set, else loopback clients only; same-origin forms.

>>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("0.0.0.0"), is_loopback("192.168.1.5")
(True, True, False, False)
"""

from __future__ import annotations

import hmac
import ipaddress
from urllib.parse import urlsplit

from flask import abort, current_app, request


def is_loopback(host: str | None) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``."""
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _presented_token() -> str | None:
    auth = request.headers.get("Authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.headers.get("X-Rectigraph-Token") or request.form.get("token") or None


def require_write_access() -> None:
    """Abort (401/403) unless this request may change the library."""
    _require_same_origin()
    token = current_app.config.get("TOKEN")
    if token:
        presented = _presented_token()
        if not presented or not hmac.compare_digest(presented.encode(), str(token).encode()):
            abort(401, description="this server needs a write token: send 'Authorization: Bearer <token>'")
        return
    if not is_loopback(request.remote_addr):
        abort(403, description="writes are accepted from this machine only (start the server with --token to allow others)")


def _require_same_origin() -> None:
    """Refuse cross-site form posts (a page elsewhere posting to this server through the user's browser)."""
    origin = request.headers.get("Origin") or request.headers.get("Referer")
    if not origin:
        return  # not a browser form: scripts and API clients send no Origin
    if origin == "null" or urlsplit(origin).netloc != request.host:
        abort(403, description=f"cross-origin write refused (origin {urlsplit(origin).netloc or origin!r})")
