"""`rectigraph serve` runs waitress; binding beyond loopback turns on a write token."""

from __future__ import annotations

import io
import socket
import subprocess
import sys
import time

import pytest
import requests


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(home, *extra: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    cmd = [sys.executable, "-m", "rectigraph.cli", "serve", "--home", str(home), "--port", str(port), "--no-warm", *extra]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/api/health", timeout=5).ok:
                return proc, port
        except requests.RequestException:
            time.sleep(0.3)
    proc.kill()
    raise AssertionError(f"server did not start: {proc.communicate()[1]}")


@pytest.mark.slow
def test_serve_on_loopback_by_default(web_home):
    proc, port = serve(web_home)
    try:
        response = requests.get(f"http://127.0.0.1:{port}/api/health", timeout=10)
        assert response.headers["Server"] == "rectigraph"  # waitress, not the Flask development server
        assert response.json()["reports"] >= 7
        page = requests.get(f"http://127.0.0.1:{port}/reports", timeout=30)
        assert "中共大连市科学技术局党组" in page.text
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert "127.0.0.1" in err and "write token" not in err


@pytest.mark.slow
def test_serve_beyond_loopback_needs_a_token_for_writes(web_home):
    proc, port = serve(web_home, "--host", "0.0.0.0")
    try:
        refused = requests.post(f"http://127.0.0.1:{port}/api/ingest", files={"files": ("a.txt", io.BytesIO(b"x"))}, timeout=30)
        assert refused.status_code == 401
        assert "token" in refused.json()["error"]
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert "write token (uploads, deletes):" in err
