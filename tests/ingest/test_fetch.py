"""URL fetching never reaches a private address; tests use a fake resolver and opener."""

import dataclasses
import ipaddress
import socket
import threading
import time

import pytest

from apps.ingest import fetch
from apps.ingest.fetch import FetchError, PinnedRequest, RawResponse, fetch_page, url_check

PAGE = b"<html><head><title>T</title></head><body><p>Hello</p></body></html>"


class FakeWeb:
    """Answers from a table of (host, target) -> response, and records every request."""

    def __init__(self, dns: dict[str, list[str]], pages: dict[tuple[str, str], RawResponse]):
        self.dns, self.pages, self.requests = dns, pages, []

    def resolve(self, host: str, port: int) -> list[str]:
        if host not in self.dns:
            raise FetchError("not found")
        return self.dns[host]

    def open(self, request: PinnedRequest) -> RawResponse:
        self.requests.append(request)
        return self.pages[(request.host, request.target)]


def page(body=PAGE, status=200, headers=None):
    return RawResponse(
        status, {"content-type": "text/html; charset=utf-8", **(headers or {})}, iter([body])
    )


def test_connects_to_the_checked_address_with_the_host_name_for_host_and_sni():
    web = FakeWeb({"news.example": ["93.184.216.34"]}, {("news.example", "/a?b=1"): page()})
    result = fetch_page("https://news.example/a?b=1", resolver=web.resolve, opener=web.open)
    assert result.body == PAGE and result.charset == "utf-8"
    [request] = web.requests
    assert (request.ip, request.host, request.port, request.scheme) == (
        "93.184.216.34",
        "news.example",
        443,
        "https",
    )


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/a",
        "file:///etc/passwd",
        "gopher://example.com/",
        "javascript:alert(1)",
        "http://example.com:8080/",
        "http://example.com:22/",
        "http://user:pass@example.com/",
        "http://localhost/",
        "http://foo.localhost/",
        "http://metadata.google.internal/",
        "http://127.0.0.1/",
        "http://10.0.0.1/",
        "http://172.16.0.1/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://240.0.0.1/",
        "http://255.255.255.255/",
        "http://2130706433/",
        "http://0x7f000001/",
        "http://0177.0.0.1/",
        "http://0x7f.0.0.1/",
        "http://127.1/",
        "http://017700000001/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:a9fe:a9fe]/",
        "http://[fe80::1%25eth0]/",
        "http://[fd00:ec2::254]/",
        "http://[64:ff9b::a00:1]/",
        "http://[2002:7f00:1::]/",
        "http://[ff02::1]/",
        "http://exa mple.com/",
        "",
    ],
)
def test_refuses_addresses_that_are_not_public_web_pages(url):
    web = FakeWeb({}, {})
    with pytest.raises(FetchError):
        fetch_page(url, resolver=web.resolve, opener=web.open)
    assert web.requests == []


@pytest.mark.parametrize(
    "answers",
    [
        ["127.0.0.1"],
        ["93.184.216.34", "10.1.2.3"],
        ["::1"],
        ["169.254.169.254"],
        ["::ffff:10.0.0.1"],
        [],
    ],
)
def test_refuses_names_that_resolve_to_any_private_address(answers):
    web = FakeWeb({"rebind.example": answers}, {("rebind.example", "/"): page()})
    with pytest.raises(FetchError):
        fetch_page("http://rebind.example/", resolver=web.resolve, opener=web.open)
    assert web.requests == []


def test_every_redirect_target_is_checked_again():
    web = FakeWeb(
        {
            "a.example": ["93.184.216.34"],
            "b.example": ["93.184.216.35"],
            "in.example": ["10.0.0.5"],
        },
        {
            ("a.example", "/"): page(b"", 302, {"location": "https://b.example/next"}),
            ("b.example", "/next"): page(b"", 301, {"location": "http://in.example/admin"}),
        },
    )
    with pytest.raises(FetchError, match="private"):
        fetch_page("http://a.example/", resolver=web.resolve, opener=web.open)
    assert [r.host for r in web.requests] == ["a.example", "b.example"]

    web.pages[("b.example", "/next")] = page(b"", 307, {"location": "http://169.254.169.254/"})
    with pytest.raises(FetchError):
        fetch_page("http://a.example/", resolver=web.resolve, opener=web.open)

    web.pages[("b.example", "/next")] = page(b"", 302, {"location": "/final"})
    web.pages[("b.example", "/final")] = page()
    result = fetch_page("http://a.example/", resolver=web.resolve, opener=web.open)
    assert result.url == "https://b.example/final" and result.body == PAGE


def test_redirect_loops_stop():
    web = FakeWeb(
        {"a.example": ["93.184.216.34"]}, {("a.example", "/"): page(b"", 302, {"location": "/"})}
    )
    web.pages[("a.example", "/")] = page(b"", 302, {"location": "/"})

    def opener(request):
        web.requests.append(request)
        return page(b"", 302, {"location": "/"})

    with pytest.raises(FetchError, match="redirects more than"):
        fetch_page("http://a.example/", resolver=web.resolve, opener=opener)
    assert len(web.requests) == fetch.MAX_REDIRECTS + 1


def test_size_cap_on_declared_and_on_actual_length():
    dns = {"a.example": ["93.184.216.34"]}
    declared = FakeWeb(dns, {("a.example", "/"): page(b"x", 200, {"content-length": "99999999"})})
    with pytest.raises(FetchError, match="too large"):
        fetch_page("http://a.example/", resolver=declared.resolve, opener=declared.open)
    endless = RawResponse(200, {"content-type": "text/html"}, iter(lambda: b"x" * 65536, None))
    with pytest.raises(FetchError, match="too large"):
        fetch_page(
            "http://a.example/",
            resolver=declared.resolve,
            opener=lambda r: endless,
            max_bytes=1024 * 1024,
        )


def test_time_cap_while_reading():
    now = [0.0]

    def slow_chunks():
        while True:
            now[0] += 1.0
            yield b"x"

    response = RawResponse(200, {"content-type": "text/html"}, slow_chunks())
    with pytest.raises(FetchError, match="too long"):
        fetch_page(
            "http://a.example/",
            resolver=lambda h, p: ["93.184.216.34"],
            opener=lambda r: response,
            time_limit=10,
            clock=lambda: now[0],
        )


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({"content-type": "application/pdf"}, "not a web page"),
        ({"content-type": "image/png"}, "not a web page"),
        ({"content-type": "text/html", "content-encoding": "gzip"}, "compressed"),
    ],
)
def test_refuses_what_is_not_a_plain_page(headers, message):
    response = RawResponse(200, headers, iter([b"data"]))
    with pytest.raises(FetchError, match=message):
        fetch_page(
            "http://a.example/", resolver=lambda h, p: ["93.184.216.34"], opener=lambda r: response
        )


def test_error_statuses_are_reported():
    response = RawResponse(404, {"content-type": "text/html"}, iter([b""]))
    with pytest.raises(FetchError, match="404"):
        fetch_page(
            "http://a.example/", resolver=lambda h, p: ["93.184.216.34"], opener=lambda r: response
        )


def test_public_literal_addresses_are_allowed_without_resolving():
    checked = url_check("http://93.184.216.34/x")
    assert checked.literal_ip == "93.184.216.34"
    assert url_check("https://[2606:4700::1111]/").literal_ip == "2606:4700::1111"


def test_system_opener_connects_to_the_pinned_address_and_sends_the_host_name():
    import http.server
    import threading

    seen = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen["host"], seen["path"] = self.headers["Host"], self.path
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"pinned")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.handle_request)
    thread.start()
    try:
        port = server.server_address[1]
        response = fetch.system_opener(
            PinnedRequest("http", "127.0.0.1", port, "news.example", "/story?id=1", 5.0)
        )
        body = b"".join(response.chunks)
        response.close()
    finally:
        thread.join(5)
        server.server_close()
    assert body == b"pinned"
    assert seen == {"host": f"news.example:{port}", "path": "/story?id=1"}


# The IANA special-purpose registries (IPv4, IPv6) and multicast, written out here on their
# own so that a range dropped from the fetcher's list fails a test.
SPECIAL_PURPOSE = [
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.0.0.0/24",
    "192.0.2.0/24",
    "192.88.99.0/24",
    "192.168.0.0/16",
    "198.18.0.0/15",
    "198.51.100.0/24",
    "203.0.113.0/24",
    "224.0.0.0/4",
    "240.0.0.0/4",
    "255.255.255.255/32",
    "::/128",
    "::1/128",
    "::ffff:0:0/96",
    "64:ff9b::/96",
    "64:ff9b:1::/48",
    "100::/64",
    "2001::/23",
    "2001:db8::/32",
    "2002::/16",
    "3fff::/20",
    "fc00::/7",
    "fe80::/10",
    "fec0::/10",
    "ff00::/8",
]


# These lead to an IPv4 address, which is what is judged: their middle (128.0.0.0) is public.
LEADS_TO_IPV4 = ("::ffff:0:0/96", "64:ff9b::/96", "2002::/16")


def first_middle_last(cidr: str) -> list[str]:
    network = ipaddress.ip_network(cidr)
    middle = network.network_address + network.num_addresses // 2
    ends = {str(network.network_address), str(network.broadcast_address)}
    return sorted(ends if cidr in LEADS_TO_IPV4 else ends | {str(middle)})


@pytest.mark.parametrize(
    "address",
    [
        *(a for cidr in SPECIAL_PURPOSE for a in first_middle_last(cidr)),
        "::ffff:10.1.2.3",
        "::ffff:192.0.0.8",
        "64:ff9b::7f00:1",
        "64:ff9b::c000:8",
        "2002:c000:0008::1",
        "2002:a9fe:a9fe::1",
    ],
)
def test_special_purpose_addresses_are_refused_whatever_python_says(address):
    web = FakeWeb({"news.example": [address]}, {("news.example", "/"): page()})
    with pytest.raises(FetchError):
        fetch_page("http://news.example/", resolver=web.resolve, opener=web.open)
    literal = f"[{address}]" if ":" in address else address
    with pytest.raises(FetchError):
        fetch_page(f"http://{literal}/", resolver=web.resolve, opener=web.open)
    assert web.requests == []


@pytest.mark.parametrize(
    "address",
    [
        "93.184.216.34",
        "11.0.0.1",
        "100.63.255.255",
        "100.128.0.0",
        "172.15.255.255",
        "172.32.0.0",
        "192.0.1.1",
        "192.169.0.0",
        "198.17.255.255",
        "198.20.0.0",
        "223.255.255.255",
        "2606:4700::1111",
        "2001:200::1",
        "::ffff:93.184.216.34",
        "64:ff9b::5db8:d822",
        "2002:5db8:d822::1",
    ],
)
def test_public_addresses_next_to_the_special_ranges_are_fetched(address):
    web = FakeWeb({"news.example": [address]}, {("news.example", "/"): page()})
    assert fetch_page("http://news.example/", resolver=web.resolve, opener=web.open).body == PAGE
    assert [r.ip for r in web.requests] == [address]


class DrippingServer:
    """A web server on 127.0.0.1 that answers each request with `answer`, sending the first
    `prompt` bytes at once and then one byte every `interval` seconds, for as long as the
    client listens."""

    def __init__(self, answer: bytes, *, prompt: int = 0, interval: float = 0.05) -> None:
        self.answer, self.prompt, self.interval = answer, prompt, interval
        self.stopping = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(5)
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        try:
            client, _ = self.listener.accept()
        except OSError:
            return
        with client:
            client.recv(65536)  # the request
            try:
                client.sendall(self.answer[: self.prompt])
                for i in range(self.prompt, len(self.answer)):
                    if self.stopping.wait(self.interval):
                        return
                    client.sendall(self.answer[i : i + 1])
                self.stopping.wait(30)  # then say nothing more, and keep the line open
            except OSError:  # the client hung up: what the deadline should do
                return

    def opener(self, request: PinnedRequest) -> RawResponse:
        # The fetcher checked a public address; the test sends the connection here instead.
        return fetch.system_opener(dataclasses.replace(request, ip="127.0.0.1", port=self.port))

    def close(self) -> None:
        self.stopping.set()
        self.listener.close()
        self.thread.join(5)


HEADERS = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"


@pytest.mark.parametrize(
    ("answer", "prompt"),
    [
        (HEADERS + b"\r\n" + PAGE, 0),  # the status line a byte at a time
        (HEADERS + b"X-Padding: " + b"a" * 5000 + b"\r\n\r\n" + PAGE, len(HEADERS)),  # headers
        (HEADERS + b"\r\n" + PAGE * 100, len(HEADERS) + 2),  # the body
        (b"", 0),  # nothing at all
    ],
    ids=["status-line", "headers", "body", "silence"],
)
def test_the_deadline_holds_for_the_whole_exchange_with_a_dripping_server(answer, prompt):
    server = DrippingServer(answer, prompt=prompt)
    started = time.monotonic()
    try:
        with pytest.raises(FetchError, match="too long"):
            fetch_page(
                "http://news.example/",
                resolver=lambda h, p: ["93.184.216.34"],
                opener=server.opener,
                time_limit=1.0,
            )
    finally:
        elapsed = time.monotonic() - started
        server.close()
    assert elapsed < 2.0


def test_a_page_served_in_time_by_the_same_server_is_fetched():
    server = DrippingServer(
        HEADERS + f"Content-Length: {len(PAGE)}\r\n\r\n".encode() + PAGE, prompt=10**6
    )
    try:
        page = fetch_page(
            "http://news.example/",
            resolver=lambda h, p: ["93.184.216.34"],
            opener=server.opener,
            time_limit=5.0,
        )
    finally:
        server.close()
    assert page.body == PAGE


def test_the_deadline_holds_for_a_slow_name_lookup():
    answered = threading.Event()

    def slow_resolver(host, port):
        answered.wait(10)
        return ["93.184.216.34"]

    started = time.monotonic()
    with pytest.raises(FetchError, match="too long"):
        fetch_page(
            "http://news.example/", resolver=slow_resolver, opener=lambda r: page(), time_limit=0.5
        )
    answered.set()
    assert time.monotonic() - started < 1.5
