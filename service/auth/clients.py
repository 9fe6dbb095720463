"""The client's address, as far as it can be trusted: ``X-Forwarded-For`` only from a trusted proxy."""

import ipaddress
from functools import lru_cache

from fastapi import Request

from service.platform.config import Settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=32)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


def client_address(request: Request, settings: Settings) -> str:
    """The peer address; when the peer is a trusted proxy, the nearest untrusted hop it forwarded for.

    ``X-Forwarded-For`` is read from the right: every hop appends, so only entries added by our own
    proxies can be believed; a client can put anything it likes further left (rotating it gains nothing).
    """
    peer = request.client.host if request.client else "unknown"
    networks = _networks(tuple(settings.trusted_proxies))
    if not networks or not _trusted(peer, networks):
        return peer
    hops = [h.strip() for h in ",".join(request.headers.getlist("x-forwarded-for")).split(",") if h.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            return hop
    return hops[0] if hops else peer


def request_hosts(request: Request, settings: Settings) -> set[str]:
    """The host[:port] names this request was addressed to: ``Host``, and ``X-Forwarded-Host`` when a
    trusted proxy (which may rewrite ``Host``) sent it."""
    hosts = {request.headers.get("host", "").lower()}
    peer = request.client.host if request.client else ""
    forwarded = request.headers.get("x-forwarded-host")
    if forwarded and _trusted(peer, _networks(tuple(settings.trusted_proxies))):
        hosts.add(forwarded.split(",")[0].strip().lower())
    return hosts - {""}
