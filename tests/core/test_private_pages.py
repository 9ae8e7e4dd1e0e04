"""Private pages and files: pages with personal data are never kept by a cache,
and stored files are reached only through the views that check permissions."""

import datetime as dt
import importlib

import pytest
from django.urls import clear_url_caches, reverse
from django.utils import timezone

import config.urls
from core.roles import Role
from reports import services as report_services
from tests.factories import MeetingFactory, PersonFactory

pytestmark = pytest.mark.django_db

NO_STORE = {"private", "no-store"}


def cache_directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def test_it_keeps_network_pages_out_of_every_cache(member, network):
    person = PersonFactory(network=network)
    secretary = member(Role.SECRETARY)

    for path in (
        reverse("network:person_detail", args=[network.slug, person.pk]),
        reverse("network:person_list", args=[network.slug]),
    ):
        response = secretary.get(path)
        assert response.status_code == 200
        assert cache_directives(response) >= NO_STORE, path


def test_it_keeps_htmx_fragments_and_refusals_out_of_caches_too(member, network):
    response = member(Role.VIEWER).get(
        reverse("network:person_list", args=[network.slug]), headers={"HX-Request": "true"}
    )
    assert cache_directives(response) >= NO_STORE


def test_it_keeps_a_report_opened_by_its_signed_link_out_of_caches(
    client, network, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    MeetingFactory(network=network, number=10, year=2007)
    kind = report_services.kind_or_error("minutes")
    params = report_services.parse_params(kind, network, {"meeting": "10/2550"})
    report = report_services.run_render(
        report_services.request_render(network=network, kind=kind, params=params).pk
    )
    link = report_services.create_link(
        report=report, expires_on=timezone.localdate() + dt.timedelta(days=7), label="อบต."
    )

    for name in ("report", "pdf"):
        response = client.get(reverse(f"shared:{name}", args=[link.token]))
        assert response.status_code == 200
        assert cache_directives(response) >= NO_STORE, name


def test_it_leaves_pages_outside_the_network_alone(client):
    # The favicon redirect may be cached by anyone; the health check keeps its own rule.
    assert cache_directives(client.get("/favicon.ico")) == set()
    assert cache_directives(client.get(reverse("healthz"))) >= {"no-cache"}


@pytest.fixture
def urls_with_debug(settings, tmp_path):
    """The root URLs as they load with DEBUG on (they are read once, at start-up)."""
    settings.MEDIA_ROOT = tmp_path
    settings.DEBUG = True
    importlib.reload(config.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()


def test_it_serves_no_stored_file_by_its_media_path_even_with_debug_on(
    client, member, network, settings, tmp_path, urls_with_debug
):
    stored = tmp_path / "welfare" / str(network.pk) / "0123abcd.pdf"
    stored.parent.mkdir(parents=True)
    stored.write_bytes(b"%PDF-1.4 an applicant's identity card")
    path = f"/{settings.MEDIA_URL.strip('/')}/welfare/{network.pk}/0123abcd.pdf"

    assert client.get(path).status_code == 404
    assert member(Role.ADMIN).get(path).status_code == 404
