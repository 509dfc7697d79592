"""Polite fetching of report pages and feeds over HTTP(S).

One public entry, :class:`Fetcher` (``fetcher.get(url) -> Fetched``; every failure is an
:class:`InputError` naming the URL). Politeness and safety, in order:

- only ``http`` and ``https``; never a private, loopback, link-local, multicast or reserved
  address unless ``allow_private``. One path for every host: the name is normalised first
  (IDNA to ASCII, so full-width and other look-alike spellings become what a resolver would
  look up; the trailing dot of ``localhost.`` dropped), ``localhost`` names are refused by
  name, the name is resolved once, every address it resolves to is checked (IPv4 inside
  IPv6, ``::ffff:127.0.0.1``, NAT64 and 6to4 by the IPv4 they carry), and the connection
  goes to the checked address, so a DNS answer that changes afterwards is never used. Again
  on every redirect. Refusals say what was refused and why, never a robots.txt reason;
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


class Refused(InputError):
    """A URL that is not fetched at all (scheme, host, port, name lookup, address): its own
    reason, which robots.txt handling passes on rather than reading it as "unreachable"."""


@dataclass(frozen=True)
class _Target:
    """One URL as the fetcher uses it: the normalised ASCII host, and what derives from it."""
    scheme: str
    host: str  # lowercase ASCII, no trailing dot; an IPv6 literal without brackets
    port: int
    path: str  # with the query

    @property
    def netloc(self) -> str:
        """For the Host header and the per-host keys: the port only when not the default."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"

    @property
    def origin(self) -> str:
        return f"{self.scheme}://{self.netloc}"


def target_of(url: str, target: str) -> _Target:
    """``target`` parsed and its host normalised; Refused (naming ``url``) when it cannot be."""
    parts = urlsplit(target)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise Refused(url, f"scheme {scheme or '(none)'}: not allowed (http and https only)")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise Refused(url, f"bad port in {parts.netloc!r}") from None
    host = normal_host(url, parts.hostname or "")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return _Target(scheme, host, port, path)


def normal_host(url: str, host: str) -> str:
    """The host as a resolver sees it. IDNA first (it maps full-width letters and the
    ideographic full stop to ASCII), then the trailing dot goes: ``localhost.`` and
    ``ｌｏｃａｌｈｏｓｔ。`` are ``localhost`` for the checks below."""
    if ":" in host:  # an IPv6 literal: no IDNA for it
        return host.lower()
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError as exc:
        raise Refused(url, f"host {host!r} is not a valid domain name ({exc})") from None
    ascii_host = ascii_host.rstrip(".")
    if not ascii_host:
        raise Refused(url, "no host in the URL")
    return ascii_host


# NAT64's well-known prefix (RFC 6052) carries an IPv4 address in its last 32 bits.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def carried_ipv4(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, NAT64, 6to4), if any: the
    connection reaches that address, so that is the one to check."""
    if ip.version != 6:
        return None
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.sixtofour


def is_public(address: str) -> bool:
    """Whether ``address`` (an IP, maybe with an IPv6 zone) is a global unicast address,
    judged on the IPv4 it carries when it carries one."""
    ip = ipaddress.ip_address(address.split("%")[0])
    inner = carried_ipv4(ip)
    if inner is not None and not is_public(str(inner)):
        return False
    return ip.is_global and not (ip.is_multicast or ip.is_reserved)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%")[0])
        return True
    except ValueError:
        return False


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
        target = target_of(url, current)
        # keyed by the normalised origin: localhost. and LOCALHOST are one host
        origin = target.origin
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(url, origin)
        robots = self._robots[origin]
        if robots is None:
            raise InputError(url, f"robots.txt of {target.netloc} could not be read (server error): not fetching")
        if not robots.can_fetch(USER_AGENT_NAME, current):
            raise InputError(url, f"robots.txt of {target.netloc} disallows it")

    def _load_robots(self, url: str, origin: str) -> RobotFileParser | None:
        robots = RobotFileParser(origin + "/robots.txt")
        try:
            response = self._request(url, origin + "/robots.txt", max_bytes=512 * 1024)
        except Refused:
            raise  # the host itself is refused or unknown: say that, not "robots.txt"
        except InputError:
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
        """The one address to connect to: ``host`` resolved once and every address checked
        (a name with one private address among public ones could be steered to it)."""
        if not self.allow_private and (host == "localhost" or host.endswith(".localhost")):
            # RFC 6761: always loopback, whatever (or whether) a resolver answers
            raise Refused(url, f"{host} is a local name (use --allow-private to fetch it)")
        addresses = self._resolve(url, host, port)
        if not self.allow_private:
            for address in addresses:
                if not is_public(address):
                    named = address if address == host else f"{host} resolves to {address}, which"
                    raise Refused(url, f"{named} is a private or local address (use --allow-private to fetch it)")
        return addresses[0]

    def _resolve(self, url: str, host: str, port: int) -> list[str]:
        """The addresses of ``host`` (an IP literal is its own), asked of DNS once."""
        if _is_ip(host):
            return [host]
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise Refused(url, f"cannot resolve {host} ({exc})") from None
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
        if not addresses:
            raise Refused(url, f"cannot resolve {host} (no address)")
        return addresses

    def _wait(self, origin: str) -> None:
        gap = max(self.interval, self._delay.get(origin, 0.0))
        last = self._last.get(origin)
        if last is not None:
            pause = last + gap - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        self._last[origin] = time.monotonic()

    def _request(self, url: str, target: str, max_bytes: int | None = None) -> Fetched:
        parsed = target_of(url, target)
        scheme, host, port, path = parsed.scheme, parsed.host, parsed.port, parsed.path
        address = self._address(url, host, port)
        self._wait(parsed.origin)
        limit = max_bytes or self.max_bytes
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
                    "Host": parsed.netloc, "User-Agent": self.agent, "Accept-Encoding": "identity",
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
