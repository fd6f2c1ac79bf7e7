"""Who is on the other end of a request: the one definition of a client's address,
asked by every limit that counts per address (the sign-in limiter, the API's anonymous
throttle, allauth's own limits through the account adapter).

``X-Forwarded-For`` is whatever the client wants it to be, except for the entries the
proxies we run appended. With ``TRUSTED_PROXY_COUNT = n`` (settings; 0 by default) the
n-th entry from the right is the address our outermost proxy saw, and that is the
client; everything to its left was written by the client and is ignored. With 0 the
header is ignored altogether and the client is the socket's peer (``REMOTE_ADDR``)."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

# IPv6 clients usually hold a whole /64; counting per address would let one of them
# rotate through 2**64 addresses. Limits count per /64 instead.
IPV6_PREFIX = 64


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "192.0.2.1:443"
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The client's IP address, as text (see the module's docstring for the rule)."""
    peer = _parse(request.META.get("REMOTE_ADDR", "")) or ipaddress.ip_address("0.0.0.0")
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted > 0:
        hops = [hop for hop in request.headers.get("X-Forwarded-For", "").split(",") if hop]
        # Fewer entries than proxies: the request did not come through all of them (or
        # one is misconfigured); the peer is then the only address nobody could forge.
        if len(hops) >= trusted:
            forwarded = _parse(hops[-trusted])
            if forwarded is not None:
                return str(forwarded)
    return str(peer)


def client_key(request: HttpRequest) -> str:
    """What limits count per: the client's address, or its /64 network for IPv6."""
    address = ipaddress.ip_address(client_address(request))
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False))
    return str(address)
