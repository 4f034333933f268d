"""Where a fetch may go: the URL and address rules against server-side request forgery.

Pure functions, no network. The import form checks a typed URL with ``check_url``; the fetcher
(``services/fetch.py``) checks every redirect hop with it, and every resolved and every
connected address with ``check_address``. Private, loopback, link-local, reserved, multicast
and unspecified addresses are refused unless the instance allows them (``FETCH_ALLOW_PRIVATE``)
or names the host or its network (``FETCH_ALLOWED_NETWORKS``); an address hidden in an IPv6
wrapper (IPv4-mapped, NAT64, 6to4, Teredo) is judged by the IPv4 address inside it.
"""
import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from .errors import DomainError

PRIVATE = "address in a private/loopback/link-local range is not allowed"
SCHEMES = {"http": 80, "https": 443}
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NUMERIC_HOST = re.compile(r"^[0-9a-fx.]+$")
_LAST_NUMERIC = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$")
_NUMBER = re.compile(r"^(0x[0-9a-f]*|0[0-7]*|[1-9][0-9]*)$")


class FetchRefused(DomainError):
    """A fetch refused by one of its rules or limits; the message names the rule."""

    status = 400


@dataclass(frozen=True)
class FetchPolicy:
    """The fetch rules of this instance (``FETCH_*`` settings)."""

    allow_private: bool = False
    allowed: tuple[str, ...] = ()          # host names, addresses and networks allowed anyway
    ports: tuple[int, ...] = (80, 443)
    connect_timeout: float = 5.0
    deadline: float = 20.0                 # the whole fetch, redirects included
    max_bytes: int = 10 * 1024 * 1024      # decoded
    max_redirects: int = 5

    @classmethod
    def from_config(cls, config) -> "FetchPolicy":
        return cls(allow_private=bool(config.get("FETCH_ALLOW_PRIVATE", False)),
                   allowed=tuple(config.get("FETCH_ALLOWED_NETWORKS", ())),
                   ports=tuple(config.get("FETCH_ALLOWED_PORTS", (80, 443))),
                   connect_timeout=float(config.get("FETCH_CONNECT_TIMEOUT_SECONDS", 5)),
                   deadline=float(config.get("FETCH_DEADLINE_SECONDS", 20)),
                   max_bytes=int(config.get("FETCH_MAX_BYTES", 10 * 1024 * 1024)),
                   max_redirects=int(config.get("FETCH_MAX_REDIRECTS", 5)))

    def allowlisted(self, host: str, ip: IPAddress | None) -> bool:
        for entry in self.allowed:
            entry = entry.strip().lower().rstrip(".")
            try:
                network = ipaddress.ip_network(entry, strict=False)
            except ValueError:
                if entry and entry == host:
                    return True
                continue
            if ip is not None and ip.version == network.version and ip in network:
                return True
        return False


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str               # lower case, without brackets or a trailing dot
    port: int
    ip: IPAddress | None    # when the host is written as an address


def check_url(url: str, policy: FetchPolicy) -> Target:
    """Refuse a URL by its form alone: scheme, user name, address, port. No DNS lookup."""
    if not isinstance(url, str) or not url or len(url) > 2000 or re.search(r"[\x00-\x20\\\x7f]", url):
        raise FetchRefused("this is not a valid web address")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise FetchRefused("this is not a valid web address") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise FetchRefused("only http:// and https:// addresses can be fetched")
    if "@" in parts.netloc or parts.username is not None or parts.password is not None:
        raise FetchRefused("a user name or password in the address is not allowed")
    host = unquote(parts.hostname or "").lower().rstrip(".")
    if not host:
        raise FetchRefused("this is not a valid web address")
    ip = literal_ip(host)
    target = Target(scheme, host, port or SCHEMES[scheme], ip)
    if ip is not None:
        check_address(ip, target.host, target.port, policy)
    elif host == "localhost" or host.endswith(".localhost"):   # loopback by definition (RFC 6761)
        if not policy.allowlisted(host, None) and not policy.allow_private:
            raise FetchRefused(PRIVATE)
    elif target.port not in policy.ports and not policy.allowlisted(host, None) and not policy.allowed:
        raise FetchRefused(_port_message(policy))
    return target


def literal_ip(host: str) -> IPAddress | None:
    """The address a host written as one stands for, including spellings that resolvers
    accept (``0177.0.0.1``, ``2130706433``, ``127.1``, ``0x7f.1``); None for a host name."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    labels = host.split(".")
    if not _NUMERIC_HOST.match(host) or not _LAST_NUMERIC.match(labels[-1]):
        return None   # a name: only a numeric last label makes a host an address (WHATWG)
    if len(labels) > 4 or not all(_NUMBER.match(label) for label in labels):
        raise FetchRefused("this is not a valid web address")
    numbers = [int(label, 16) if label.startswith("0x") else int(label, 8) if len(label) > 1
               and label.startswith("0") else int(label) for label in labels]
    last_room = 256 ** (5 - len(numbers))
    if any(n > 255 for n in numbers[:-1]) or numbers[-1] >= last_room:
        raise FetchRefused("this is not a valid web address")
    value = 0
    for n in numbers[:-1]:
        value = value * 256 + n
    return ipaddress.IPv4Address(value * last_room + numbers[-1])


def unwrap(ip: IPAddress) -> IPAddress:
    """The IPv4 address inside an IPv6 wrapper, or the address itself."""
    if isinstance(ip, ipaddress.IPv6Address):
        ip = ipaddress.IPv6Address(ip.packed)   # drop a scope ("%eth0"): it changes nothing
        if ip.ipv4_mapped:
            return ip.ipv4_mapped
        if ip in _NAT64:
            return ipaddress.IPv4Address(ip.packed[-4:])
        if ip.sixtofour:
            return ip.sixtofour
        if ip.teredo:
            return ip.teredo[1]
    return ip


def is_private(ip: IPAddress) -> bool:
    ip = unwrap(ip)
    return (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved
            or ip.is_multicast or ip.is_unspecified or not ip.is_global)


def check_address(ip: IPAddress, host: str, port: int, policy: FetchPolicy) -> None:
    """Refuse an address (resolved, or the peer of a connection) that the rules forbid."""
    inner = unwrap(ip)
    if inner.is_unspecified or inner.is_multicast:   # never a web server, whatever is allowed
        raise FetchRefused(PRIVATE)
    if policy.allowlisted(host, ip) or policy.allowlisted(host, inner):
        return
    if is_private(ip) and not policy.allow_private:
        raise FetchRefused(PRIVATE)
    if port not in policy.ports:
        raise FetchRefused(_port_message(policy))


def _port_message(policy: FetchPolicy) -> str:
    ports = " and ".join(str(p) for p in policy.ports) or "no"
    return f"only ports {ports} are allowed"
