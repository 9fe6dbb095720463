"""uvicorn's own 400 (a request it cannot parse, which never reaches the app) carries the security headers,
with the protocol that ``matcher serve`` runs."""

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from fastapi import FastAPI

from service.platform.http_protocol import HTTP_PROTOCOL
from service.platform.middleware import SECURITY_HEADERS


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(name="port")
def served_fixture() -> Iterator[int]:
    port = _free_port()
    config = uvicorn.Config(FastAPI(), host="127.0.0.1", port=port, http=HTTP_PROTOCOL, log_level="critical")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield port
    server.should_exit = True
    thread.join(10)


def _raw(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(request)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_a_request_uvicorn_cannot_parse_gets_a_400_with_the_security_headers(port: int) -> None:
    answer = _raw(port, b"GET /\x00bad HTTP/1.1\r\nHost: x\r\n\r\n")
    head = answer.split(b"\r\n\r\n", 1)[0].lower()
    assert head.startswith(b"http/1.1 400")
    for name, value in SECURITY_HEADERS:
        assert (name + b": " + value).lower() in head, name
    # A request it can parse reaches the app as before.
    assert _raw(port, b"GET /nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").startswith(
        b"HTTP/1.1 404"
    )
