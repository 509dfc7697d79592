"""Every host goes through one address check (issue 14, item 6): trailing dots, IDN, IPv4
inside IPv6 and DNS answers that change between the check and the connection.

No traffic leaves the machine: DNS is a fake (a dict), and every connection is recorded and,
unless it is to loopback, refused before any packet is sent.
"""

from __future__ import annotations

import http.server
import socket
import threading

import pytest

from newsledger.errors import InputError
from newsledger.sources import _fetch
from newsledger.sources._fetch import Fetcher, Refused, carried_ipv4, is_public, normal_host

PUBLIC = "93.184.216.34"  # documentation-style public address; never actually connected to
REAL_CONNECT = socket.create_connection


@pytest.fixture(autouse=True)
def connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every (address, port) connected to; only loopback is really connected."""
    seen: list[tuple[str, int]] = []

    def connect(address, *args, **kwargs):
        seen.append(address)
        if address[0] in ("127.0.0.1", "::1"):
            return REAL_CONNECT(address, *args, **kwargs)
        raise ConnectionRefusedError("test: no traffic outside loopback")

    monkeypatch.setattr(socket, "create_connection", connect)
    return seen


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch):
    """A fake resolver: ``dns.answers[name]`` is a list of answers, one per lookup (the last
    one repeats); ``dns.asked`` is every name looked up."""

    class FakeDNS:
        answers: dict[str, list[list[str]]] = {}
        asked: list[str] = []

        def getaddrinfo(self, host, port, *args, **kwargs):
            if _fetch._is_ip(host):  # what the real create_connection asks for loopback
                return [(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                         (host, port))]
            self.asked.append(host)
            if host not in self.answers:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
            queue = self.answers[host]
            addresses = queue.pop(0) if len(queue) > 1 else queue[0]
            return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
                    for a in addresses]

    fake = FakeDNS()
    fake.answers, fake.asked = {}, []
    monkeypatch.setattr(socket, "getaddrinfo", fake.getaddrinfo)
    return fake


# -- the pieces ----------------------------------------------------------------------------

@pytest.mark.parametrize("host,expected", [
    ("localhost.", "localhost"), ("news.localhost.", "news.localhost"),
    ("ｌｏｃａｌｈｏｓｔ", "localhost"), ("localhost。", "localhost"), ("bücher.example", "xn--bcher-kva.example"),
    ("127.0.0.1.", "127.0.0.1"), ("::ffff:127.0.0.1", "::ffff:127.0.0.1"),
])
def test_hosts_are_normalised_as_a_resolver_would(host: str, expected: str):
    assert normal_host("u", host) == expected


@pytest.mark.parametrize("address,public", [
    (PUBLIC, True), ("2606:2800:220:1::1", True), ("127.0.0.1", False), ("10.1.2.3", False),
    ("169.254.169.254", False), ("::1", False), ("fe80::1%eth0", False), ("224.0.0.1", False),
    ("::ffff:127.0.0.1", False), ("::ffff:10.0.0.1", False), ("::ffff:169.254.169.254", False),
    ("64:ff9b::7f00:1", False), ("64:ff9b::a00:1", False), ("2002:7f00:1::", False), ("0.0.0.0", False),
])
def test_is_public_judges_the_ipv4_an_ipv6_address_carries(address: str, public: bool):
    assert is_public(address) is public


def test_carried_ipv4():
    import ipaddress

    assert str(carried_ipv4(ipaddress.ip_address("::ffff:7f00:1"))) == "127.0.0.1"
    assert str(carried_ipv4(ipaddress.ip_address("64:ff9b::a00:1"))) == "10.0.0.1"
    assert carried_ipv4(ipaddress.ip_address("127.0.0.1")) is None


# -- names that are local whatever DNS says ------------------------------------------------------

@pytest.mark.parametrize("url", ["http://localhost./a", "http://LOCALHOST./a", "http://news.localhost./a",
                                 "http://ｌｏｃａｌｈｏｓｔ/a", "http://localhost。:8080/a",
                                 "https://localhost./robots.txt"])
def test_local_names_are_refused_by_name_with_a_true_message(url: str, dns, connections):
    with pytest.raises(Refused) as refused:
        Fetcher().get(url)
    assert "is a local name" in refused.value.reason and "--allow-private" in refused.value.reason
    assert "robots.txt" not in refused.value.reason  # the old, misleading reason
    assert dns.asked == [] and connections == []


# -- IP literals, IPv4 inside IPv6 ------------------------------------------------------------------

@pytest.mark.parametrize("url,address", [
    ("http://127.0.0.1./a", "127.0.0.1"), ("http://[::1]/a", "::1"),
    ("http://[::ffff:127.0.0.1]/a", "::ffff:127.0.0.1"), ("http://[::ffff:7f00:1]:8000/a", "::ffff:7f00:1"),
    ("http://[::FFFF:169.254.169.254]/latest/meta-data", "::ffff:169.254.169.254"),
    ("http://[64:ff9b::a9fe:a9fe]/a", "64:ff9b::a9fe:a9fe"),
])
def test_private_ip_literals_are_refused_without_a_lookup(url: str, address: str, dns, connections):
    with pytest.raises(Refused, match="private or local address") as refused:
        Fetcher().get(url)
    assert refused.value.reason.startswith(address)
    assert dns.asked == [] and connections == []


# -- names: every resolved address is checked -----------------------------------------------------------

@pytest.mark.parametrize("answer", [["::ffff:10.0.0.1"], ["127.0.0.1"], [PUBLIC, "10.0.0.7"],
                                    ["2606:2800:220:1::1", "::1"], ["64:ff9b::7f00:1"]])
def test_a_name_with_any_private_address_is_refused(answer: list[str], dns, connections):
    dns.answers["news.example"] = [answer]
    with pytest.raises(Refused, match=r"news\.example resolves to .*, which is a private or local address"):
        Fetcher().get("http://news.example/a")
    assert connections == []


def test_idn_goes_through_the_same_check(dns, connections):
    dns.answers["xn--bcher-kva.example"] = [["10.0.0.9"]]
    with pytest.raises(Refused, match=r"xn--bcher-kva\.example resolves to 10\.0\.0\.9"):
        Fetcher().get("http://BÜCHER.example./a")
    assert dns.asked == ["xn--bcher-kva.example"] and connections == []


def test_full_width_spelling_of_a_name_is_looked_up_as_ascii(dns):
    dns.answers["intranet.example"] = [["192.168.1.1"]]
    with pytest.raises(Refused, match="192.168.1.1"):
        Fetcher().get("http://ｉｎｔｒａｎｅｔ．ｅｘａｍｐｌｅ/a")
    assert dns.asked == ["intranet.example"]


def test_a_name_that_does_not_resolve_says_so_not_robots(dns, connections):
    with pytest.raises(Refused) as refused:
        Fetcher().get("http://nowhere.example/a")
    assert refused.value.reason.startswith("cannot resolve nowhere.example")
    assert "robots" not in refused.value.reason and connections == []


def test_a_bad_port_is_an_input_error_not_a_crash(dns):
    with pytest.raises(Refused, match="bad port"):
        Fetcher().get("http://news.example:99999/a")


@pytest.mark.parametrize("host", ["a" * 64 + ".example", "localhost..", "news..example"])
def test_an_invalid_domain_name_is_an_input_error(dns, host: str):
    with pytest.raises(Refused, match="not a valid domain name"):
        Fetcher().get(f"http://{host}/a")
    assert dns.asked == []


# -- DNS answers that change ------------------------------------------------------------------------------

def test_the_connection_goes_to_the_checked_address(dns, connections):
    """Public when checked, loopback if asked again: asked once, connected to what was checked."""
    dns.answers["rebind.example"] = [[PUBLIC], ["127.0.0.1"]]
    fetcher = Fetcher(interval=0, obey_robots=False)
    with pytest.raises(InputError, match="cannot fetch"):  # the fake refuses the public address
        fetcher.get("http://rebind.example/a")
    assert dns.asked == ["rebind.example"]
    assert connections == [(PUBLIC, 80)]
    # the next request resolves again, sees loopback and refuses before connecting
    with pytest.raises(Refused, match="rebind.example resolves to 127.0.0.1"):
        fetcher.get("http://rebind.example/b")
    assert connections == [(PUBLIC, 80)]


# -- a real fetch on loopback: the normalised host is what is sent ---------------------------------------

class _Recorder(http.server.BaseHTTPRequestHandler):
    hosts: list[str] = []

    def do_GET(self):  # noqa: N802  (http.server's name)
        self.hosts.append(self.headers["Host"])
        body = b"<p>Officials met in Tete.</p>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_allowed_local_fetch_sends_the_normalised_host(dns, connections):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        dns.answers["localhost"] = [["127.0.0.1"]]
        got = Fetcher(allow_private=True, interval=0, obey_robots=False).get(f"http://LocalHost.:{port}/a")
    finally:
        server.shutdown()
        server.server_close()
    assert got.status == 200 and b"Tete" in got.data
    assert _Recorder.hosts == [f"localhost:{port}"]
    assert dns.asked == ["localhost"] and connections == [("127.0.0.1", port)]


def test_robots_origin_is_the_normalised_one():
    target = _fetch.target_of("u", "HTTPS://News.Example.:443/x?y=1")
    assert (target.origin, target.path, target.netloc) == ("https://news.example", "/x?y=1", "news.example")
    assert _fetch.target_of("u", "http://[::1]:8080/").netloc == "[::1]:8080"
