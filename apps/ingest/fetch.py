"""Fetching a web page for import without letting the address reach inside the network.

Every address a name resolves to, and every redirect target, must be a public address; the
connection then goes to the address that was checked (the name is not resolved twice), with
the original host name in the Host header and in TLS's SNI, so certificates still verify.
The resolver and the opener are parameters, so tests never leave the machine.
"""

from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import ssl
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from apps.articles.normalise import IngestError

ALLOWED_SCHEMES = ("http", "https")
ALLOWED_PORTS = (80, 443)
MAX_REDIRECTS = 5
MAX_BYTES = 3 * 1024 * 1024
TIME_LIMIT_SECONDS = 15.0
ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
USER_AGENT = "Newsdesk article import"


class FetchError(IngestError):
    """The address cannot or may not be fetched; the message is shown to the person."""


@dataclass(frozen=True, slots=True)
class PinnedRequest:
    """A GET of `target` on `host` (for Host and SNI), connecting only to the checked `ip`."""

    scheme: str
    ip: str
    port: int
    host: str
    target: str
    timeout: float


@dataclass(slots=True)
class RawResponse:
    status: int
    headers: dict[str, str]
    chunks: Iterator[bytes]
    close: Callable[[], None] = field(default=lambda: None)


@dataclass(frozen=True, slots=True)
class FetchedPage:
    url: str
    content_type: str
    charset: str | None
    body: bytes


Resolver = Callable[[str, int], list[str]]
Opener = Callable[[PinnedRequest], RawResponse]

# Names and ranges that must never be reached, beyond what `ipaddress` already calls private.
_BLOCKED_NAMES = ("localhost", "localhost.localdomain", "metadata.google.internal")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NUMERIC_LABEL = re.compile(r"^(?:0x[0-9a-f]*|[0-9]+)$", re.IGNORECASE)
_DOTTED_QUAD = re.compile(
    r"^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$"
)


def address_is_public(address: str) -> bool:
    """True only for a global unicast address (embedded IPv4 addresses checked too)."""
    if "%" in address:  # a zone index names a local interface
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None and not address_is_public(str(embedded)):
            return False
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


@dataclass(frozen=True, slots=True)
class CheckedUrl:
    url: str
    scheme: str
    host: str
    port: int
    target: str
    literal_ip: str | None


def url_check(url: str) -> CheckedUrl:
    """Refuse anything but an http(s) URL on port 80/443 naming a host in a normal way."""
    url = (url or "").strip()
    if not url:
        raise FetchError("The address is empty.")
    if len(url) > 2000:
        raise FetchError("The address is too long.")
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        raise FetchError("The address contains spaces or control characters.")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise FetchError("Only http:// and https:// addresses can be fetched.")
    if parts.username is not None or parts.password is not None:
        raise FetchError("Addresses with a user name or password are not fetched.")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as exc:
        raise FetchError("The address has an invalid port.") from exc
    if port not in ALLOWED_PORTS:
        raise FetchError("Only the standard web ports (80 and 443) can be fetched.")
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        raise FetchError("The address has no host name.")
    if host in _BLOCKED_NAMES or host.endswith((".localhost", ".internal", ".local")):
        raise FetchError("That address is inside a private network.")
    literal_ip = None
    if ":" in host or "%" in host:
        if "%" in host:
            raise FetchError("That address is not a public address.")
        literal_ip = host
    elif all(_NUMERIC_LABEL.match(label) for label in host.split(".")):
        # 2130706433, 0x7f.1, 0177.0.0.1, 127.1: forms that resolvers read as IPv4 addresses.
        if not _DOTTED_QUAD.match(host):
            raise FetchError("Write a numeric address as four plain decimal numbers.")
        literal_ip = host
    else:
        try:
            host.encode("idna")
        except UnicodeError as exc:
            raise FetchError("The host name is not valid.") from exc
    if literal_ip is not None and not address_is_public(literal_ip):
        raise FetchError("That address is not a public address.")
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return CheckedUrl(url, scheme, host, port, target, literal_ip)


def system_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"The host name {host!r} could not be found.") from exc
    return list(dict.fromkeys(info[4][0] for info in infos))


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a fixed IP address, with SNI and certificate checks for the host name."""

    def __init__(self, ip: str, port: int, *, server_name: str, timeout: float) -> None:
        super().__init__(ip, port, timeout=timeout, context=ssl.create_default_context())
        self._server_name = server_name

    def connect(self) -> None:
        sock = socket.create_connection((self.host, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self._server_name)


def system_opener(request: PinnedRequest) -> RawResponse:
    if request.scheme == "https":
        conn: http.client.HTTPConnection = _PinnedHTTPSConnection(
            request.ip, request.port, server_name=request.host, timeout=request.timeout
        )
    else:
        conn = http.client.HTTPConnection(request.ip, request.port, timeout=request.timeout)
    host_header = request.host if request.port in (80, 443) else f"{request.host}:{request.port}"
    try:
        conn.request(
            "GET",
            request.target,
            headers={
                "Host": host_header,
                "User-Agent": USER_AGENT,
                "Accept": "text/html,application/xhtml+xml,text/plain;q=0.8",
                "Accept-Encoding": "identity",
            },
        )
        response = conn.getresponse()
    except (OSError, http.client.HTTPException) as exc:
        conn.close()
        raise FetchError(f"The page could not be fetched ({type(exc).__name__}).") from exc

    def chunks() -> Iterator[bytes]:
        # read1 returns what one receive brings, so a slowly dripping server meets the deadline.
        while chunk := response.read1(64 * 1024):
            yield chunk

    headers = {key.lower(): value for key, value in response.getheaders()}
    return RawResponse(response.status, headers, chunks(), conn.close)


def fetch_page(
    url: str,
    *,
    resolver: Resolver = system_resolver,
    opener: Opener = system_opener,
    max_bytes: int = MAX_BYTES,
    time_limit: float = TIME_LIMIT_SECONDS,
    clock: Callable[[], float] = time.monotonic,
) -> FetchedPage:
    """GET `url`, following at most MAX_REDIRECTS redirects, each one checked again."""
    deadline = clock() + time_limit
    for _ in range(MAX_REDIRECTS + 1):
        checked = url_check(url)
        if checked.literal_ip:
            addresses = [checked.literal_ip]
        else:
            addresses = resolver(checked.host, checked.port)
            if not addresses:
                raise FetchError(f"The host name {checked.host!r} could not be found.")
            # Every answer is checked: a name that resolves to one private address is refused
            # even if another answer is public (the answer could change between lookups).
            if not all(address_is_public(a) for a in addresses):
                raise FetchError("That address leads to a private or reserved network.")
        remaining = deadline - clock()
        if remaining <= 0:
            raise FetchError("The page took too long to fetch.")
        response = opener(
            PinnedRequest(
                checked.scheme, addresses[0], checked.port, checked.host, checked.target, remaining
            )
        )
        try:
            if response.status in (301, 302, 303, 307, 308):
                location = response.headers.get("location", "")
                if not location:
                    raise FetchError("The page redirects without saying where.")
                url = urljoin(checked.url, location)
                continue
            if response.status != 200:
                raise FetchError(f"The site answered with HTTP status {response.status}.")
            return _read_page(checked.url, response, max_bytes, deadline, clock)
        finally:
            response.close()
    raise FetchError(f"The page redirects more than {MAX_REDIRECTS} times.")


def _read_page(
    url: str, response: RawResponse, max_bytes: int, deadline: float, clock: Callable[[], float]
) -> FetchedPage:
    headers = response.headers
    content_type, _, params = headers.get("content-type", "text/html").partition(";")
    content_type = content_type.strip().lower()
    if content_type not in ACCEPTED_TYPES:
        raise FetchError(f"The address is not a web page (it is {content_type or 'unknown'}).")
    encoding = headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("", "identity"):
        raise FetchError("The site sent compressed content that was not asked for.")
    length = headers.get("content-length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise FetchError(f"The page is too large (limit {max_bytes // 1024} KB).")
    received = bytearray()
    for chunk in response.chunks:
        received += chunk
        if len(received) > max_bytes:
            raise FetchError(f"The page is too large (limit {max_bytes // 1024} KB).")
        if clock() > deadline:
            raise FetchError("The page took too long to fetch.")
    charset = None
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip("\"' ").lower()
    return FetchedPage(url, content_type, charset, bytes(received))
