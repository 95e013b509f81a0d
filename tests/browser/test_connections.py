"""Connections that never finish a request, or send a malformed one, are answered 400 or closed,
never held open; a client that gives up half-way through a body is not a server error."""
import socket
import time

import pytest

from conftest import running_server


@pytest.fixture
def quick_server():
    with running_server("--head-timeout", "2", "--idle-timeout", "3") as srv:
        yield srv


def exchange(server, raw: bytes, wait=10.0):
    """Sends raw bytes; returns what came back and how long until the server closed."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=wait) as sock:
        start = time.monotonic()
        if raw:
            sock.sendall(raw)
        answer = b""
        while True:
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                return answer, None
            if not chunk:
                return answer, time.monotonic() - start
            answer += chunk


def test_an_idle_connection_is_closed_after_the_head_timeout(quick_server):
    answer, closed_after = exchange(quick_server, b"", wait=10)
    assert closed_after is not None and closed_after < 4, "an idle connection must be closed"
    # Half a head, then nothing: the same.
    answer, closed_after = exchange(quick_server, b"GET /healthz HTTP/1.1\r\nHost: x\r\n", wait=10)
    assert closed_after is not None and closed_after < 4


def test_a_kept_alive_connection_is_closed_after_the_idle_timeout(quick_server):
    answer, closed_after = exchange(quick_server, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", wait=10)
    assert answer.startswith(b"HTTP/1.1 200")
    assert closed_after is not None and closed_after < 5


@pytest.mark.parametrize("raw", [
    b"POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
    b"GET /healthz HTTP/1.1\nHost: x\n\n",
    b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Filler: " + b"a" * 100_000 + b"\r\n\r\n",
    b"GET /he lthz HTTP/1.1\r\nHost: x\r\n\r\n",
], ids=["duplicate-content-length", "bare-lf", "100kb-head", "space-in-target"])
def test_a_malformed_request_is_answered_400_and_closed(quick_server, raw):
    answer, closed_after = exchange(quick_server, raw, wait=10)
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]
    assert closed_after is not None and closed_after < 2


def test_a_client_giving_up_mid_body_is_not_a_server_error(quick_server):
    with socket.create_connection(("127.0.0.1", quick_server.port), timeout=5) as sock:
        sock.sendall(b"POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"pseudonym\":")
        time.sleep(0.3)
    # Long enough for the server to notice the connection is gone and give up on the request.
    time.sleep(3.0)
    log = "".join(quick_server.output)
    assert "unexpected error" not in log and "error" not in log.lower(), log[-2000:]
    # The server still answers.
    answer, _ = exchange(quick_server, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 200")
