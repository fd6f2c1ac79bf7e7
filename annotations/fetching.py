"""Fetch a web page for import by URL, treating the URL as hostile (SSRF).

http and https only, no credentials in the URL, ASCII host names. Every address the host
resolves to is checked, and the connection goes to the checked address (the URL's host is
replaced by that IP; the Host header and TLS SNI keep the name), so a second DNS lookup
cannot rebind the name to an internal address. Redirects are followed by hand, each hop
checked the same way, at most `MAX_REDIRECTS`. The body is capped while streaming.
Addresses in `allowed_networks` (a deployment's setting) are reachable even if private.

Pure: no Django. Failures raise `FetchFailed` with a sentence for the member.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import httpx

__all__ = ["MAX_BYTES", "MAX_REDIRECTS", "FetchFailed", "Fetched", "fetch", "parse_networks"]

MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
TIMEOUT = httpx.Timeout(connect=5.0, read=10.0, write=5.0, pool=5.0)
USER_AGENT = "Counterpoint article import (+https://github.com/counterpoint)"

# Content types we import, and the format each is parsed as.
CONTENT_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "plain",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
}

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[str]]


# Every refusal, by code; `params` fill the placeholders (forms.FETCH_ERRORS translates).
MESSAGES = {
    "bad_url": "This is not a web address we can read.",
    "bad_scheme": "Only web pages (addresses starting with http:// or https://) can be imported.",
    "credentials": "Web addresses with a user name or password in them can't be imported.",
    "idn_host": "Web addresses with international (non-Latin) host names can't be imported "
    "yet; copy the page's text and paste it instead.",
    "private_address": "This address points inside a private network, which we don't fetch "
    "from. Give the public address of the page.",
    "dns": "We couldn't find the site “%(host)s”. Check the address.",
    "unreachable": "We couldn't connect to “%(host)s”. Check the address or try later.",
    "timeout": "The site took too long to answer. Try again later.",
    "http_error": "The site answered “%(status)s” instead of the page.",
    "bad_redirect": "The site redirected to nowhere.",
    "redirect_loop": "The page redirects in a loop, so there is nothing to import.",
    "too_many_redirects": "The page redirects more than %(max)s times, so we stopped following it.",
    "bad_content_type": "The address gives a file of type “%(type)s”, not a web page or text; "
    "only HTML, plain text and Markdown can be imported.",
    "too_big": "The page is larger than %(mb)s MB, which is more than we fetch.",
}


class FetchFailed(ValueError):
    """The page cannot be fetched. `str(error)` is a sentence for the member."""

    def __init__(self, code: str, **params: Any):
        self.code = code
        self.params = params
        self.message = MESSAGES[code] % params if params else MESSAGES[code]
        super().__init__(self.message)


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    format: str  # "html" | "plain" | "markdown"
    text: str


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """Networks such as "127.0.0.0/8" or "10.1.2.3" (a setting's items)."""
    return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in values if value)


def _system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _refused(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def check_address(text: str, allowed_networks: Iterable[Network]) -> None:
    """Refuse an address that is not a public one, unless a named network allows it."""
    address = ipaddress.ip_address(text.split("%", 1)[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if any(address.version == net.version and address in net for net in allowed_networks):
        return
    if _refused(address):
        raise FetchFailed("private_address")


def _check_url(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError):
        raise FetchFailed("bad_url") from None
    if parsed.scheme not in ("http", "https"):
        raise FetchFailed("bad_scheme")
    if parsed.userinfo:
        raise FetchFailed("credentials")
    host = parsed.host
    if not host:
        raise FetchFailed("bad_url")
    raw_host = parsed.netloc.decode("ascii", "replace").rsplit("@", 1)[-1]
    if not host.isascii() or raw_host.lower().startswith("xn--") or ".xn--" in raw_host.lower():
        raise FetchFailed("idn_host")
    return parsed


def _resolve(url: httpx.URL, resolver: Resolver, allowed_networks: tuple[Network, ...]) -> str:
    host = url.host
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        ipaddress.ip_address(host)
        addresses = [host]
    except ValueError:
        try:
            addresses = resolver(host, port)
        except (OSError, UnicodeError):
            addresses = []
        if not addresses:
            raise FetchFailed("dns", host=host) from None
    for address in addresses:
        check_address(address, allowed_networks)
    return addresses[0]


_CHARSET_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)


def _decode(body: bytes, declared: str | None) -> str:
    candidates = []
    if declared:
        candidates.append(declared)
    match = _CHARSET_META.search(body[:4096])
    if match:
        candidates.append(match[1].decode("ascii"))
    candidates.append("utf-8")
    for charset in candidates:
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("utf-8", errors="replace")


def _content_format(response: httpx.Response) -> str:
    content_type = response.headers.get("content-type", "text/html")
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind not in CONTENT_TYPES:
        raise FetchFailed("bad_content_type", type=kind)
    return CONTENT_TYPES[kind]


def _read_capped(response: httpx.Response, max_bytes: int) -> bytes:
    too_big = FetchFailed("too_big", mb=max(1, max_bytes // (1024 * 1024)))
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise too_big
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise too_big
        chunks.append(chunk)
    return b"".join(chunks)


def fetch(
    url: str,
    *,
    allowed_networks: Iterable[Network] = (),
    resolver: Resolver = _system_resolver,
    max_bytes: int = MAX_BYTES,
    timeout: httpx.Timeout = TIMEOUT,
    transport: Any = None,
) -> Fetched:
    """Fetch `url` safely (see the module's docstring) and return its text."""
    networks = tuple(allowed_networks)
    current = _check_url(url.strip())
    seen: set[str] = set()
    with httpx.Client(
        timeout=timeout, follow_redirects=False, trust_env=False, transport=transport
    ) as client:
        for _hop in range(MAX_REDIRECTS + 1):
            address = _resolve(current, resolver, networks)
            target = current.copy_with(host=address)
            headers = {"Host": current.netloc.decode("ascii"), "User-Agent": USER_AGENT}
            extensions = {"sni_hostname": current.host} if current.scheme == "https" else {}
            seen.add(str(current))
            try:
                with client.stream(
                    "GET", target, headers=headers, extensions=extensions
                ) as response:
                    if response.is_redirect:
                        location = response.headers.get("location", "")
                        if not location:
                            raise FetchFailed("bad_redirect")
                        following = _check_url(str(current.join(location)))
                        if str(following) in seen:
                            raise FetchFailed("redirect_loop")
                        current = following
                        continue
                    if response.status_code >= 400:
                        raise FetchFailed(
                            "http_error",
                            status=f"{response.status_code} {response.reason_phrase}",
                        )
                    format = _content_format(response)
                    body = _read_capped(response, max_bytes)
                    return Fetched(
                        url=str(current),
                        format=format,
                        text=_decode(body, response.charset_encoding),
                    )
            except httpx.TimeoutException:
                raise FetchFailed("timeout") from None
            except httpx.HTTPError:
                raise FetchFailed("unreachable", host=current.host) from None
    raise FetchFailed("too_many_redirects", max=MAX_REDIRECTS)
