"""A pytest plugin: no test may open a connection beyond this machine (SECURITY.md T31).

For the whole run, ``socket.socket.connect``/``connect_ex``/``sendto`` refuse any address that
is not loopback (127.0.0.0/8, ::1) or a Unix socket, and the test that tried fails, even if
the code under test swallowed the error. Loopback keeps working: PostgreSQL, Redis, the local
servers of the fetch tests, gunicorn, Playwright's Chromium.

The fixture ``connection_attempts`` lists every connection attempted (loopback included)
during a test, so a test can prove that a refused fetch never tried to connect at all.
"""
import ipaddress
import socket

import pytest

_original = {name: getattr(socket.socket, name) for name in ("connect", "connect_ex", "sendto")}
_real_getaddrinfo = socket.getaddrinfo
ATTEMPTS: list[tuple] = []      # every (family, address) tried during the current test
VIOLATIONS: list[str] = []      # the non-loopback ones


class OutboundConnectionBlocked(ConnectionRefusedError):
    """Raised in place of a connection to a non-loopback address during the tests."""


def _is_loopback(host: str) -> bool:
    host = host.split("%", 1)[0]
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:   # a name: loopback only if every address it has is
        try:
            infos = _real_getaddrinfo(host, None)
        except OSError:
            return False
        return bool(infos) and all(_is_loopback(info[4][0]) for info in infos)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def _check(sock, address) -> None:
    if sock.family not in (socket.AF_INET, socket.AF_INET6):
        return
    ATTEMPTS.append((sock.family, address))
    host = str(address[0]) if isinstance(address, tuple) and address else str(address)
    if not _is_loopback(host):
        VIOLATIONS.append(f"{host}:{address[1] if isinstance(address, tuple) and len(address) > 1 else ''}")
        raise OutboundConnectionBlocked(f"socket guard: connection to {host} blocked in tests")


def _connect(self, address):
    _check(self, address)
    return _original["connect"](self, address)


def _connect_ex(self, address):
    _check(self, address)
    return _original["connect_ex"](self, address)


def _sendto(self, data, *args):
    if args:
        _check(self, args[-1])
    return _original["sendto"](self, data, *args)


def install() -> None:
    socket.socket.connect, socket.socket.connect_ex = _connect, _connect_ex
    socket.socket.sendto = _sendto


def pytest_configure(config):
    install()


@pytest.fixture(autouse=True)
def _no_outbound_connections():
    ATTEMPTS.clear()
    VIOLATIONS.clear()
    yield
    if VIOLATIONS:
        blocked = ", ".join(VIOLATIONS)
        VIOLATIONS.clear()
        pytest.fail(f"the test tried to connect beyond loopback: {blocked}")


@pytest.fixture
def connection_attempts():
    """The list of (family, address) connections tried so far in this test."""
    return ATTEMPTS
