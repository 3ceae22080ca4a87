"""Fetching a web page for import without letting the address reach inside the network.

Every address a name resolves to, and every redirect target, must be a public address; the
connection then goes to the address that was checked (the name is not resolved twice), with
the original host name in the Host header and in TLS's SNI, so certificates still verify.
The resolver and the opener are parameters, so tests never leave the machine.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import re
import socket
import ssl
import threading
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

# Names that must never be reached, whatever they resolve to.
_BLOCKED_NAMES = ("localhost", "localhost.localdomain", "metadata.google.internal")
_NUMERIC_LABEL = re.compile(r"^(?:0x[0-9a-f]*|[0-9]+)$", re.IGNORECASE)
_DOTTED_QUAD = re.compile(
    r"^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$"
)


def _networks(*cidrs: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(cidr) for cidr in cidrs)


# The IANA special-purpose address registries (IPv4 and IPv6) and the multicast ranges,
# listed here rather than read from `ipaddress`, whose answers change between Python
# versions (3.11.7 calls 192.0.0.0/24 and fec0::/10 global). No article is published there.
SPECIAL_IPV4 = _networks(
    "0.0.0.0/8",  # "this network"
    "10.0.0.0/8",  # private
    "100.64.0.0/10",  # shared address space (carrier-grade NAT)
    "127.0.0.0/8",  # loopback
    "169.254.0.0/16",  # link-local, cloud metadata services
    "172.16.0.0/12",  # private
    "192.0.0.0/24",  # IETF protocol assignments
    "192.0.2.0/24",  # documentation (TEST-NET-1)
    "192.31.196.0/24",  # AS112
    "192.52.193.0/24",  # AMT
    "192.88.99.0/24",  # deprecated 6to4 relay anycast
    "192.168.0.0/16",  # private
    "192.175.48.0/24",  # AS112 direct delegation
    "198.18.0.0/15",  # benchmarking
    "198.51.100.0/24",  # documentation (TEST-NET-2)
    "203.0.113.0/24",  # documentation (TEST-NET-3)
    "224.0.0.0/4",  # multicast
    "240.0.0.0/4",  # reserved
    "255.255.255.255/32",  # limited broadcast
)
SPECIAL_IPV6 = _networks(
    "::/128",  # unspecified
    "::1/128",  # loopback
    "::/96",  # deprecated IPv4-compatible
    "64:ff9b:1::/48",  # local-use IPv4/IPv6 translation
    "100::/64",  # discard-only
    "2001::/23",  # IETF protocol assignments (Teredo, ORCHID, benchmarking, …)
    "2001:db8::/32",  # documentation
    "2620:4f:8000::/48",  # AS112 direct delegation
    "3fff::/20",  # documentation
    "5f00::/16",  # segment routing
    "fc00::/7",  # unique local
    "fe80::/10",  # link-local
    "fec0::/10",  # deprecated site-local
    "ff00::/8",  # multicast
)
# Outside 2000::/3 there is no global unicast IPv6 address at all.
_GLOBAL_UNICAST_IPV6 = ipaddress.ip_network("2000::/3")
# IPv6 addresses that lead to an IPv4 address: that one is checked instead.
_IPV4_MAPPED = ipaddress.ip_network("::ffff:0:0/96")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_SIX_TO_FOUR = ipaddress.ip_network("2002::/16")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip in _IPV4_MAPPED or ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip in _SIX_TO_FOUR:
        return ipaddress.IPv4Address((int(ip) >> 80) & 0xFFFFFFFF)
    return None


def address_is_public(address: str) -> bool:
    """True only for a public unicast address: none of the special-purpose ranges above.

    An IPv4-mapped, NAT64 or 6to4 address is judged by the IPv4 address inside it.
    """
    if "%" in address:  # a zone index names a local interface
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv4Address):
        return not any(ip in network for network in SPECIAL_IPV4)
    embedded = _embedded_ipv4(ip)
    if embedded is not None:
        return address_is_public(str(embedded))
    return ip in _GLOBAL_UNICAST_IPV6 and not any(ip in network for network in SPECIAL_IPV6)


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


class _Deadline:
    """Shuts the connection down when the time is up, whatever it is waiting for.

    A socket timeout bounds each receive, not the exchange: a server that sends its status
    line, headers or body a byte at a time would otherwise hold the worker for as long as
    it likes. When the time is up this shuts the socket from a timer thread, which ends any
    receive at once; connect() checks it too, for the moment before the socket exists.
    """

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self.sock: socket.socket | None = None
        self._timer = threading.Timer(max(seconds, 0.0), self._expire)
        self._timer.daemon = True
        self._timer.start()

    def _expire(self) -> None:
        self.expired = True
        if self.sock is not None:
            with contextlib.suppress(OSError):
                self.sock.shutdown(socket.SHUT_RDWR)

    def watch(self, sock: socket.socket) -> None:
        self.sock = sock
        if self.expired:
            self._expire()
            raise TimeoutError("the time to fetch the page is up")

    def cancel(self) -> None:
        self._timer.cancel()


def _connect(ip: str, port: int, deadline: _Deadline, timeout: float) -> socket.socket:
    sock = socket.create_connection((ip, port), timeout)
    try:
        deadline.watch(sock)
    except TimeoutError:
        sock.close()
        raise
    return sock


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, ip: str, port: int, *, deadline: _Deadline, timeout: float) -> None:
        super().__init__(ip, port, timeout=timeout)
        self._deadline = deadline

    def connect(self) -> None:
        self.sock = _connect(self.host, self.port, self._deadline, self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a fixed IP address, with SNI and certificate checks for the host name."""

    def __init__(
        self, ip: str, port: int, *, server_name: str, deadline: _Deadline, timeout: float
    ) -> None:
        super().__init__(ip, port, timeout=timeout, context=ssl.create_default_context())
        self._server_name = server_name
        self._deadline = deadline

    def connect(self) -> None:
        # The deadline watches the plain socket, so it also ends a dripping TLS handshake.
        sock = _connect(self.host, self.port, self._deadline, self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self._server_name)


_TOO_SLOW = "The page took too long to fetch."


def system_opener(request: PinnedRequest) -> RawResponse:
    """Open the page; `request.timeout` bounds the whole exchange until the response closes."""
    deadline = _Deadline(request.timeout)
    if request.scheme == "https":
        conn: http.client.HTTPConnection = _PinnedHTTPSConnection(
            request.ip,
            request.port,
            server_name=request.host,
            deadline=deadline,
            timeout=request.timeout,
        )
    else:
        conn = _PinnedHTTPConnection(
            request.ip, request.port, deadline=deadline, timeout=request.timeout
        )

    def close() -> None:
        deadline.cancel()
        conn.close()

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
        close()
        if deadline.expired or isinstance(exc, TimeoutError):
            raise FetchError(_TOO_SLOW) from exc
        raise FetchError(f"The page could not be fetched ({type(exc).__name__}).") from exc

    def chunks() -> Iterator[bytes]:
        try:
            while chunk := response.read1(64 * 1024):
                yield chunk
        except (OSError, http.client.HTTPException) as exc:
            if deadline.expired or isinstance(exc, TimeoutError):
                raise FetchError(_TOO_SLOW) from exc
            raise FetchError(f"The page could not be read ({type(exc).__name__}).") from exc
        if deadline.expired:  # the shut socket reads as the end of the page: it is not
            raise FetchError(_TOO_SLOW)

    headers = {key.lower(): value for key, value in response.getheaders()}
    return RawResponse(response.status, headers, chunks(), close)


def _resolve_within(resolver: Resolver, host: str, port: int, seconds: float) -> list[str]:
    """The resolver's answer, or a refusal once the time is up (a lookup cannot be cut short,
    so it is left to finish on its own thread)."""
    answer: list = []

    def lookup() -> None:
        try:
            answer.append(resolver(host, port))
        except BaseException as exc:  # handed to the caller's thread
            answer.append(exc)

    thread = threading.Thread(target=lookup, daemon=True)
    thread.start()
    thread.join(max(seconds, 0.0))
    if not answer:
        raise FetchError(_TOO_SLOW)
    if isinstance(answer[0], BaseException):
        raise answer[0]
    return answer[0]


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
            addresses = _resolve_within(resolver, checked.host, checked.port, deadline - clock())
            if not addresses:
                raise FetchError(f"The host name {checked.host!r} could not be found.")
            # Every answer is checked: a name that resolves to one private address is refused
            # even if another answer is public (the answer could change between lookups).
            if not all(address_is_public(a) for a in addresses):
                raise FetchError("That address leads to a private or reserved network.")
        remaining = deadline - clock()
        if remaining <= 0:
            raise FetchError(_TOO_SLOW)
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
            raise FetchError(_TOO_SLOW)
    charset = None
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip("\"' ").lower()
    return FetchedPage(url, content_type, charset, bytes(received))
