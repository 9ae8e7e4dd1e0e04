"""Fixtures shared by the whole suite: fast hashing, no network, members as clients.

Naming in view tests follows healthchecks: Alice is a member of network A with the
role under test, Bob a member of A with another role, Charlie a member of network B
only (an outsider to A).
"""

import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.test import Client

from core.roles import Role, Workstream
from tests.factories import MembershipFactory, NetworkFactory, UserFactory

ALLOWED_HOSTS = {"localhost", "127.0.0.1", "::1"}


E2E_DIR = Path(__file__).parent / "e2e"


def pytest_configure(config: pytest.Config) -> None:
    # WhiteNoise warns that collectstatic has not been run; tests do not serve files.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """``-p no:playwright`` means no browser tests: skip tests/e2e rather than error."""
    if collection_path == E2E_DIR and not config.pluginmanager.has_plugin("playwright"):
        return True
    return None


class NetworkBlockedError(RuntimeError):
    """A test tried to reach a host outside this machine."""


def _host_of(address: object) -> object:
    if isinstance(address, tuple) and address:
        return address[0]
    return address


@pytest.fixture(autouse=True, scope="session")
def _block_network() -> Iterator[None]:
    """Refuse outbound connections and lookups except to this machine and unix sockets."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def allowed(sock: socket.socket, address: object) -> bool:
        if sock.family == getattr(socket, "AF_UNIX", None):
            return True
        return _host_of(address) in ALLOWED_HOSTS

    def guarded_connect(sock: socket.socket, address: object) -> None:
        if not allowed(sock, address):
            raise NetworkBlockedError(f"Network access blocked in tests: {address!r}")
        return real_connect(sock, address)

    def guarded_connect_ex(sock: socket.socket, address: object) -> int:
        if not allowed(sock, address):
            raise NetworkBlockedError(f"Network access blocked in tests: {address!r}")
        return real_connect_ex(sock, address)

    real_getaddrinfo = socket.getaddrinfo

    def guarded_getaddrinfo(host, *args, **kwargs):
        # A name lookup is network traffic too, and would hang without a resolver.
        name = host.decode() if isinstance(host, bytes) else host
        if name not in ALLOWED_HOSTS and name not in (None, "", "0.0.0.0", "::"):  # noqa: S104
            raise NetworkBlockedError(f"Name lookup blocked in tests: {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", guarded_connect)
        patch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
        patch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
        yield


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings) -> None:
    """MD5 hashing: the suite creates many users, and the real hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _roomy_pdf_time_budget(settings) -> None:
    """A busy machine (two cores, xdist) must not turn a test's PDF into a background
    render: the tests of the time budget set their own, small one."""
    settings.PDF_REQUEST_MAX_SECONDS = 60


@pytest.fixture
def network(db):
    """Network A: the network under test."""
    return NetworkFactory(name="เครือข่ายตำบลหนองบัว", slug="nong-bua")


@pytest.fixture
def other_network(db):
    """Network B: another tenant, whose members must never see network A."""
    return NetworkFactory(name="เครือข่ายตำบลโนนสว่าง", slug="non-sawang")


MemberFactory = Callable[..., Client]


@pytest.fixture
def member(db, network) -> MemberFactory:
    """``member(Role.SECRETARY)``: a logged-in client of a new user with that role.

    The client carries ``.user`` and ``.membership``. Pass ``network=`` for another
    network, or ``user=`` to give an existing user a further membership. A
    coordinator coordinates welfare unless ``workstreams=`` says otherwise.
    """

    def make(role: str = Role.ADMIN, *, network=network, user=None, workstreams=None) -> Client:
        if workstreams is None:
            workstreams = [Workstream.WELFARE] if role == Role.COORDINATOR else []
        membership = MembershipFactory(
            role=role,
            network=network,
            user=user or UserFactory(),
            workstreams=[str(w) for w in workstreams],
        )
        client = Client()
        client.force_login(membership.user)
        client.user = membership.user  # type: ignore[attr-defined]
        client.membership = membership  # type: ignore[attr-defined]
        return client

    return make


@pytest.fixture
def poppler() -> None:
    """Skip without poppler-utils (reading PDFs back), unless under CI, where it must be."""
    from tests.pdf_tools import require_poppler

    require_poppler()


@pytest.fixture(scope="module")
def sinpraethong(django_db_setup, django_db_blocker):
    """The demo network (network.demo.load_demo), loaded once for a test module and
    rolled back after it: for tests that read the demo as it is."""
    from django.db import transaction
    from django.test import override_settings

    from network.demo import SINPRAETHONG, load_demo
    from network.models import Network

    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        load_demo()
        yield Network.objects.get(slug=SINPRAETHONG)
        transaction.set_rollback(True)
