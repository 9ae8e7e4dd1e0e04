"""Nested URLs resolve each object through its parent, proven for every such URL.

``meetings/<meeting_id>/items/<item_id>/actions/<action_id>/`` names the action of
an item of a meeting: an id that exists in the same network but under another
parent must answer 404 and change nothing, as an id of another network does. The
URLs are read from Django's resolver (tests/test_isolation.py), so a nested URL
added tomorrow is tested tomorrow; every combination of one tenant's objects with
a second tenant's in the same network is tried.
"""

from itertools import combinations

import pytest
from django.urls import reverse

from core.roles import Role
from tests.test_isolation import (
    NETWORK_URLS,
    POST_DATA,
    PROVIDERS,
    NetworkURL,
    Tenant,
    make_tenant,
    snapshot,
)

# URL keywords that name a row hanging from the network alone, not from the keyword
# before them: every village has its line on every programme's board.
INDEPENDENT_KWARGS = {"village_number"}


def chain_of(url: NetworkURL) -> tuple[str, ...]:
    """The keywords of a URL that must belong together, parent first."""
    return tuple(name for name in url.object_kwargs if name not in INDEPENDENT_KWARGS)


NESTED_URLS = [url for url in NETWORK_URLS if len(chain_of(url)) >= 2]


def mixed_path(url: NetworkURL, own: Tenant, other: Tenant, from_other: set[str]) -> str:
    """The URL with the keywords in ``from_other`` taken from the other tenant."""
    values = {
        kwarg: PROVIDERS[kwarg](other if kwarg in from_other else own) for kwarg in url.kwargs
    }
    return reverse(url.name, kwargs=values)


def mismatches(url: NetworkURL) -> list[set[str]]:
    """Every way to take some, but not all, of a URL's chain from the other tenant."""
    chain = chain_of(url)
    return [set(taken) for size in range(1, len(chain)) for taken in combinations(chain, size)] + [
        set(chain[1:])
    ]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def tenants(network) -> tuple[Tenant, Tenant]:
    """Two full sets of rows in the same network."""
    return make_tenant(network, village_number=7), make_tenant(
        network, village_number=8, label="ที่สอง"
    )


def test_it_finds_the_nested_urls_by_walking_the_resolver():
    names = {url.name for url in NESTED_URLS}
    assert {
        "network:action_status",
        "network:resolution_text",
        "network:item_text",
        "network:attendance_mark",
        "welfare:attachment_download",
        "welfare:receipt",
        "reports:link_revoke",
    } <= names
    assert "welfare:board_village" not in names, "a village is not a programme's child"


@pytest.mark.parametrize("url", NESTED_URLS, ids=str)
def test_it_answers_404_to_objects_under_another_parent(member, tenants, url):
    alice = member(Role.ADMIN)
    own, other = tenants
    own_path = mixed_path(url, own, other, set())
    own_status = alice.get(own_path).status_code
    assert own_status in (200, 405), f"{url} is not reached with matching objects"

    for from_other in mismatches(url):
        path = mixed_path(url, own, other, from_other)
        assert path != own_path
        before = (snapshot(own), snapshot(other))
        expected_get = 405 if own_status == 405 else 404
        assert alice.get(path).status_code == expected_get, (path, from_other)
        assert alice.get(path, headers={"HX-Request": "true"}).status_code == expected_get
        assert alice.post(path, POST_DATA).status_code == 404, (path, from_other)
        assert alice.post(path, POST_DATA, headers={"HX-Request": "true"}).status_code == 404
        assert (snapshot(own), snapshot(other)) == before, (path, from_other)
