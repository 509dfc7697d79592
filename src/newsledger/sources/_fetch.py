"""Polite fetching of report pages and feeds over HTTP(S).

One public entry, :class:`Fetcher` (``fetcher.get(url) -> Fetched``; every failure is an
:class:`InputError` naming the URL). Politeness and safety, in order:

- only ``http`` and ``https``; never a private, loopback, link-local, multicast or reserved
  address (checked on the resolved address that is then connected to, so DNS cannot swap
  it afterwards, and again on every redirect) unless ``allow_private``;
- robots.txt of each host is read once and obeyed for our user agent (a robots.txt that
  cannot be fetched because of a server error means "do not crawl", as RFC 9309 says;
  a missing one means "allowed"); its Crawl-delay lengthens the per-host interval;
- at most one request per ``interval`` seconds to one host;
- a clear user agent, naming the tool and how to reach its operator;
- a timeout on connect and on each read, and a size limit on the body (read in chunks,
  never trusting Content-Length), at most ``MAX_REDIRECTS`` redirects.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from newsledger.errors import InputError

MAX_BYTES = 20 * 1024 * 1024
MAX_REDIRECTS = 5
TIMEOUT = 20.0
INTERVAL = 1.0
MAX_CRAWL_DELAY = 30.0
USER_AGENT_NAME = "newsledger"
_CHUNK = 1 << 16


def user_agent(contact: str | None = None) -> str:
    from newsledger import __version__

    return (f"{USER_AGENT_NAME}/{__version__} (news research; reads public news reports"
            f"{'; contact ' + contact if contact else ''})")


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


@dataclass
class Fetched:
    url: str  # after redirects
    status: int
    content_type: str
    data: bytes
    last_modified: str | None = None


@dataclass
class Fetcher:
    allow_private: bool = False
    interval: float = INTERVAL
    timeout: float = TIMEOUT
    max_bytes: int = MAX_BYTES
    contact: str | None = None
    obey_robots: bool = True
    _robots: dict[str, RobotFileParser | None] = field(default_factory=dict)
    _last: dict[str, float] = field(default_factory=dict)
    _delay: dict[str, float] = field(default_factory=dict)

    @property
    def agent(self) -> str:
        return user_agent(self.contact)

    def get(self, url: str) -> Fetched:
        """The page at ``url`` (following redirects), or InputError."""
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            self._check_robots(url, current)
            response = self._request(url, current)
            if response.status in (301, 302, 303, 307, 308):
                location = response.last_modified  # (set to the Location header by _request)
                if not location:
                    raise InputError(url, f"redirect ({response.status}) without a Location")
                current = urljoin(current, location)
                continue
            if response.status >= 400:
                raise InputError(url, f"HTTP {response.status}")
            return response
        raise InputError(url, f"more than {MAX_REDIRECTS} redirects")

    # -- internals ------------------------------------------------------------------------

    def _check_robots(self, url: str, current: str) -> None:
        if not self.obey_robots:
            return
        parts = urlsplit(current)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(url, origin)
        robots = self._robots[origin]
        if robots is None:
            raise InputError(url, f"robots.txt of {parts.netloc} could not be read (server error): not fetching")
        if not robots.can_fetch(USER_AGENT_NAME, current):
            raise InputError(url, f"robots.txt of {parts.netloc} disallows it")

    def _load_robots(self, url: str, origin: str) -> RobotFileParser | None:
        robots = RobotFileParser(origin + "/robots.txt")
        try:
            response = self._request(url, origin + "/robots.txt", max_bytes=512 * 1024)
        except InputError as exc:
            if "private" in exc.reason or "not allowed" in exc.reason:
                raise
            return None  # unreachable: RFC 9309 says assume complete disallow
        if response.status >= 500:
            return None
        if response.status >= 400 or response.status in (301, 302, 303, 307, 308):
            robots.parse([])  # no robots.txt: everything allowed
            return robots
        robots.parse(response.data.decode("utf-8", "replace").splitlines())
        delay = robots.crawl_delay(USER_AGENT_NAME)
        if delay:
            self._delay[origin] = min(float(delay), MAX_CRAWL_DELAY)
        return robots

    def _address(self, url: str, host: str, port: int) -> str:
        """The address to connect to; refuse private ones unless allowed."""
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise InputError(url, f"cannot resolve {host} ({exc})") from None
        for info in infos:
            address = info[4][0]
            ip = ipaddress.ip_address(address.split("%")[0])
            public = ip.is_global and not (ip.is_multicast or ip.is_reserved)
            if public or self.allow_private:
                return address
        raise InputError(url, f"{host} is a private or local address (use --allow-private to fetch it)")

    def _wait(self, origin: str) -> None:
        gap = max(self.interval, self._delay.get(origin, 0.0))
        last = self._last.get(origin)
        if last is not None:
            pause = last + gap - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        self._last[origin] = time.monotonic()

    def _request(self, url: str, target: str, max_bytes: int | None = None) -> Fetched:
        parts = urlsplit(target)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise InputError(url, f"scheme {scheme or '(none)'}: not allowed (http and https only)")
        host = parts.hostname
        if not host:
            raise InputError(url, "no host in the URL")
        port = parts.port or (443 if scheme == "https" else 80)
        address = self._address(url, host, port)
        origin = f"{scheme}://{parts.netloc}".lower()
        self._wait(origin)
        limit = max_bytes or self.max_bytes
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            sock = socket.create_connection((address, port), timeout=self.timeout)
            if scheme == "https":
                sock = ssl.create_default_context().wrap_socket(sock, server_hostname=host)
                conn: http.client.HTTPConnection = http.client.HTTPSConnection(host, port, timeout=self.timeout)
            else:
                conn = http.client.HTTPConnection(host, port, timeout=self.timeout)
            conn.sock = sock  # connected to the checked address, not re-resolved
            try:
                conn.request("GET", path, headers={
                    "Host": parts.netloc, "User-Agent": self.agent, "Accept-Encoding": "identity",
                    "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
                              "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.1",
                })
                response = conn.getresponse()
                status = response.status
                if status in (301, 302, 303, 307, 308):
                    return Fetched(target, status, "", b"", response.getheader("Location"))
                declared = response.getheader("Content-Length")
                if declared and declared.isdigit() and int(declared) > limit:
                    raise InputError(url, f"page over the size limit ({limit // (1024 * 1024)} MB)")
                data = bytearray()
                while chunk := response.read(_CHUNK):
                    data += chunk
                    if len(data) > limit:
                        raise InputError(url, f"page over the size limit ({limit // (1024 * 1024)} MB)")
                return Fetched(target, status, (response.getheader("Content-Type") or "").lower(),
                               bytes(data), response.getheader("Last-Modified"))
            finally:
                conn.close()
        except InputError:
            raise
        except (TimeoutError, socket.timeout):
            raise InputError(url, f"timed out after {self.timeout:.0f} s") from None
        except ssl.SSLError as exc:
            raise InputError(url, f"TLS error ({exc.reason or exc})") from None
        except (OSError, http.client.HTTPException) as exc:
            raise InputError(url, f"cannot fetch ({type(exc).__name__}: {exc})") from None
