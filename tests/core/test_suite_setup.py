"""The suite's own guards and factories do what the other tests rely on."""

import socket

import pytest
from django.contrib.auth.hashers import get_hasher

from core.roles import Role
from tests.conftest import NetworkBlockedError
from tests.factories import (
    PASSWORD,
    HouseholdFactory,
    MembershipFactory,
    PartnerFactory,
    PersonFactory,
    UserFactory,
    VillageFactory,
)


def test_it_blocks_connections_to_the_internet():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        with pytest.raises(NetworkBlockedError, match=r"203\.0\.113\.1"):
            sock.connect(("203.0.113.1", 80))
        with pytest.raises(NetworkBlockedError):
            sock.connect_ex(("203.0.113.1", 443))


def test_it_blocks_name_based_connections_too():
    with pytest.raises(NetworkBlockedError):
        socket.create_connection(("example.org", 443), timeout=0.2)


def test_it_allows_connections_to_this_machine():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=1):
            pass


def test_it_hashes_passwords_with_md5(db):
    user = UserFactory()
    assert get_hasher().algorithm == "md5"
    assert user.password.startswith("md5$")
    assert user.check_password(PASSWORD)


def test_it_keeps_related_rows_in_one_network(db):
    person = PersonFactory()
    household = HouseholdFactory()
    assert person.village.network == person.network
    assert household.village.network == household.network
    assert PartnerFactory().network is not None


def test_it_numbers_villages_from_one_in_each_network(network, other_network):
    assert [VillageFactory(network=network).number for _ in range(2)] == [1, 2]
    assert VillageFactory(network=other_network).number == 1


def test_it_gives_the_member_fixture_a_logged_in_client(member, network):
    alice = member(Role.SECRETARY)
    assert alice.membership.network == network
    assert alice.membership.role == Role.SECRETARY
    assert alice.get(network.get_absolute_url()).status_code == 200
    assert MembershipFactory().role == Role.ADMIN


@pytest.mark.parametrize(
    ("ci", "outcome"), [("true", pytest.fail.Exception), ("", pytest.skip.Exception)]
)
def test_a_missing_poppler_fails_under_ci_and_skips_only_outside_it(monkeypatch, ci, outcome):
    """Tests that read PDFs back never pass silently in CI for want of poppler-utils."""
    from tests import pdf_tools

    monkeypatch.setattr(pdf_tools.shutil, "which", lambda tool: None)
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome):
        pdf_tools.require_poppler()


def test_htmx_is_taken_to_swap_a_success_and_a_refusal_and_drop_an_error():
    from tests.htmx_swap import htmx_swaps

    # The app's rule (base.html): a refused form (422) is swapped in place like a success.
    assert [htmx_swaps(code) for code in (200, 204, 302, 400, 422, 500)] == [
        True,
        False,
        True,
        False,
        True,
        False,
    ]


def test_the_swapped_part_leaves_out_the_out_of_band_elements():
    from django.http import HttpResponse

    from tests.htmx_swap import swapped

    body = (
        '<article id="card"><p>ข้อความ<br>ที่ผู้ใช้เห็น</p><input name="x"></article>'
        '<tr id="row" hx-swap-oob="true"><td>แถว</td></tr>'
        '<div id="messages" hx-swap-oob="true"><div>ข้อความอื่น</div></div>'
    )
    assert swapped(HttpResponse(body)) == (
        '<article id="card"><p>ข้อความ<br>ที่ผู้ใช้เห็น</p><input name="x"></article>'
    )
    with pytest.raises(AssertionError, match="htmx drops a 400"):
        swapped(HttpResponse(body, status=400))
