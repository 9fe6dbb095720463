"""uvicorn's own answers carry the security headers too.

A request that uvicorn cannot parse (a malformed request line, a bad header) never reaches the app: the
HTTP protocol answers 400 itself, so ``SecurityHeadersMiddleware`` never sees it. ``matcher serve`` runs
this protocol instead of uvicorn's plain httptools one; it answers the same 400 with ``SECURITY_HEADERS``.
(uvicorn's ``headers`` option would add them to every response, doubling the ones the app sets.)
"""

from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from service.platform.middleware import SECURITY_HEADERS

# What `matcher serve` hands to uvicorn as ``http`` (an import string: each worker process imports it).
HTTP_PROTOCOL = "service.platform.http_protocol:SecureHttpToolsProtocol"


class SecureHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, whose own 400 answer carries the security headers."""

    def send_400_response(self, msg: str) -> None:
        body = msg.encode("ascii", "replace")
        content = [STATUS_LINE[400]]
        for name, value in [*self.server_state.default_headers, *SECURITY_HEADERS]:
            content.extend([name, b": ", value, b"\r\n"])
        content.extend(
            [
                b"content-type: text/plain; charset=utf-8\r\n",
                b"content-length: " + str(len(body)).encode("ascii") + b"\r\n",
                b"connection: close\r\n",
                b"\r\n",
                body,
            ]
        )
        self.transport.write(b"".join(content))
        self.transport.close()
