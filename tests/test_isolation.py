"""Tenant isolation, proven for every URL under /n/<network_slug>/.

The URL list is not kept by hand: it is read from Django's resolver, so a URL added
tomorrow is tested tomorrow. Its arguments come from PROVIDERS, keyed by the name of
the URL keyword; a keyword nobody provides fails loudly instead of being skipped.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.models import ImportJob
from core.roles import HIDDEN_REFUSAL_ROLES, MATRIX, Role
from network.models import (
    ActionItem,
    AgendaItem,
    AgendaSection,
    Attendance,
    AttendanceKind,
    Meeting,
    Partner,
    PartnerStatus,
    Person,
    Resolution,
    Village,
)
from network.services import meetings as meeting_services
from reports import services as report_services
from reports.models import GeneratedReport, ShareLink
from tests.factories import PartnerFactory, PersonFactory, VillageFactory
from welfare import services as welfare_services
from welfare.models import (
    Allocation,
    Application,
    Attachment,
    CapacityProject,
    Disbursement,
    Programme,
    Review,
)

# URL keywords that name no row of a tenant: the same value in every network.
SHARED_KWARGS = {"kind", "file_format", "source"}


@dataclass(frozen=True)
class NetworkURL:
    """One URL pattern under a network, as found by walking the resolver."""

    name: str | None
    route: str
    kwargs: tuple[str, ...]
    callback: Callable

    @property
    def object_kwargs(self) -> tuple[str, ...]:
        """The keywords that point at a tenant's rows (not the network, not shared names)."""
        return tuple(
            name for name in self.kwargs if name != "network_slug" and name not in SHARED_KWARGS
        )

    def __str__(self) -> str:
        return self.name or self.route


def walk(
    patterns=None, prefix: str = "", namespace: str = "", kwargs: tuple[str, ...] = ()
) -> Iterator[NetworkURL]:
    """Every URL pattern of the project, with its full route, name and keywords."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        route = prefix + str(entry.pattern)
        names = kwargs + tuple(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, route, inner, names)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield NetworkURL(name, route, names, entry.callback)


NETWORK_URLS = [url for url in walk() if "network_slug" in url.kwargs]
OBJECT_URLS = [url for url in NETWORK_URLS if url.object_kwargs]


@dataclass
class Tenant:
    """A network with one row of each kind that a URL may point at."""

    network: object
    village: Village
    person: Person
    partner: Partner
    import_job: ImportJob
    meeting: Meeting
    item: AgendaItem
    resolution: Resolution
    action: ActionItem
    attendance: Attendance
    programme: Programme
    application: Application
    attachment: Attachment
    disbursement: Disbursement
    project: CapacityProject
    report: GeneratedReport
    link: ShareLink


# How to fill each URL keyword from a tenant. A new keyword needs a line here.
PROVIDERS: dict[str, Callable[[Tenant], object]] = {
    "network_slug": lambda tenant: tenant.network.slug,
    "village_number": lambda tenant: tenant.village.number,
    "person_id": lambda tenant: tenant.person.pk,
    "partner_id": lambda tenant: tenant.partner.pk,
    "kind": lambda tenant: "villages",
    "file_format": lambda tenant: "csv",
    # The picker's search: people, the source every person field uses.
    "source": lambda tenant: "people",
    "job_id": lambda tenant: tenant.import_job.pk,
    "meeting_id": lambda tenant: tenant.meeting.pk,
    "item_id": lambda tenant: tenant.item.pk,
    "resolution_id": lambda tenant: tenant.resolution.pk,
    "action_id": lambda tenant: tenant.action.pk,
    "attendance_id": lambda tenant: tenant.attendance.pk,
    "programme_id": lambda tenant: tenant.programme.pk,
    "application_id": lambda tenant: tenant.application.pk,
    "attachment_id": lambda tenant: tenant.attachment.pk,
    "disbursement_id": lambda tenant: tenant.disbursement.pk,
    "project_id": lambda tenant: tenant.project.pk,
    "report_id": lambda tenant: tenant.report.pk,
    "link_id": lambda tenant: tenant.link.pk,
}

# Whatever a form on any of these URLs may read, so POSTs reach the form's logic.
POST_DATA = {
    "number": "99",
    "name": "ถูกแก้โดยคนนอก",
    "first_name": "คนนอก",
    "kind": "ngo",
    "to_status": PartnerStatus.VETTED,
    "reason": "ไม่ควรบันทึกได้",
    "text": "ถูกแก้โดยคนนอก",
    "version": "1",
    "section": "4",
    "title": "คนนอก",
    "workstream": "general",
    "description": "คนนอก",
    "status": "done",
    "present": "1",
    "absence_reason": "คนนอก",
    "amended": "คนนอก",
    "amount": "1",
    "step": "withdraw",
    "decision": "reject",
    "recommendation": "no",
    "total_budget": "1",
    "objectives": "คนนอก",
}


def url_for(url: NetworkURL, tenant: Tenant, objects_from: Tenant | None = None) -> str:
    """The URL for a tenant's slug, filled with objects of ``objects_from`` (or its own)."""
    if url.name is None:
        pytest.fail(f"The network URL {url.route!r} has no name: name it so it can be reversed.")
    values = {}
    for kwarg in url.kwargs:
        provider = PROVIDERS.get(kwarg)
        if provider is None:
            pytest.fail(
                f"No provider for the URL keyword {kwarg!r} of {url.name} ({url.route}). "
                f"Add one to PROVIDERS in tests/test_isolation.py (and the object it points "
                f"at to Tenant) so that this URL is covered by the isolation tests."
            )
        source = tenant if kwarg == "network_slug" else (objects_from or tenant)
        values[kwarg] = provider(source)
    return reverse(url.name, kwargs=values)


def make_tenant(network, village_number: int, label: str = "เดิม") -> Tenant:
    """A tenant's rows; ``label`` names what must be unique when two share a network."""
    village = VillageFactory(network=network, number=village_number, name="บ้านเดิม")
    person = PersonFactory(network=network, village=village, first_name="เดิม")
    meeting = meeting_services.create_meeting(network=network, date=dt.date(2007, 10, 9))
    item = meeting_services.add_agenda_item(
        meeting=meeting, section=AgendaSection.FOR_DECISION, title="เดิม"
    )
    programme = welfare_services.create_programme(
        network=network, name=label, year=2007, total_budget=Decimal("10000")
    )
    welfare_services.set_allocations_equal(programme=programme, amount=Decimal("5000"))
    application = welfare_services.create_application(
        programme=programme,
        applicant=person,
        kind="occupational",
        purpose="เดิม",
        requested_amount=Decimal("3000"),
    )
    for step in (welfare_services.submit, welfare_services.start_review):
        step(application=application, actor=None)
    welfare_services.approve(application=application, amount=Decimal("2000"), actor=None)
    disbursement = welfare_services.disburse(
        application=application,
        amount=Decimal("1000"),
        date=dt.date(2007, 10, 1),
        method="cash",
        receipt_number=f"{label}-1",
        actor=None,
    )
    attachment = welfare_services.add_attachment(
        application=application,
        upload=SimpleUploadedFile("เดิม.pdf", b"%PDF-1.4 original"),
        content_type="application/pdf",
        actor=None,
    )
    report = report_services.run_render(
        report_services.request_render(
            network=network,
            kind=report_services.kind_or_error("minutes"),
            params={"meeting": meeting.pk},
            shared_with_partners=True,
        ).pk
    )
    return Tenant(
        network=network,
        report=report,
        link=report_services.create_link(report=report, expires_on=dt.date.today()),
        programme=programme,
        application=application,
        attachment=attachment,
        disbursement=disbursement,
        project=welfare_services.create_capacity_project(
            network=network, title="เดิม", objectives=["เดิม"]
        ),
        village=village,
        person=person,
        meeting=meeting,
        item=item,
        resolution=meeting_services.add_resolution(item=item, text="เดิม"),
        action=meeting_services.add_action(item=item, description="เดิม"),
        attendance=Attendance.objects.create(
            network=network, meeting=meeting, kind=AttendanceKind.VILLAGE_REP, person=person
        ),
        partner=PartnerFactory(network=network),
        import_job=ImportJob.objects.create(
            network=network, kind="villages", original_name="villages.csv", file_format="csv"
        ),
    )


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def tenant_a(network) -> Tenant:
    # Village numbers differ between the tenants: B's slug with A's number must not
    # find one of B's own villages by coincidence.
    return make_tenant(network, village_number=7)


@pytest.fixture
def tenant_b(other_network) -> Tenant:
    return make_tenant(other_network, village_number=3)


def snapshot(tenant: Tenant) -> tuple:
    """What an outsider's POST must not change in a tenant."""
    return (
        Village.objects.filter(network=tenant.network).count(),
        Person.objects.filter(network=tenant.network).count(),
        Partner.objects.filter(network=tenant.network).count(),
        Village.objects.get(pk=tenant.village.pk).name,
        Village.objects.get(pk=tenant.village.pk).number,
        Person.objects.get(pk=tenant.person.pk).first_name,
        Partner.objects.get(pk=tenant.partner.pk).status,
        Partner.objects.get(pk=tenant.partner.pk).name,
        ImportJob.objects.get(pk=tenant.import_job.pk).status,
        Meeting.objects.get(pk=tenant.meeting.pk).status,
        AgendaItem.objects.get(pk=tenant.item.pk).discussion,
        AgendaItem.objects.filter(network=tenant.network).count(),
        Resolution.objects.get(pk=tenant.resolution.pk).text,
        ActionItem.objects.get(pk=tenant.action.pk).status,
        Attendance.objects.get(pk=tenant.attendance.pk).present,
        Attendance.objects.filter(network=tenant.network).count(),
        Programme.objects.get(pk=tenant.programme.pk).name,
        Programme.objects.get(pk=tenant.programme.pk).total_budget,
        tuple(Allocation.objects.filter(network=tenant.network).values_list("amount", flat=True)),
        Application.objects.filter(network=tenant.network).count(),
        Application.objects.get(pk=tenant.application.pk).status,
        Application.objects.get(pk=tenant.application.pk).version,
        Review.objects.filter(network=tenant.network).count(),
        Disbursement.objects.filter(network=tenant.network).count(),
        Attachment.objects.filter(network=tenant.network).count(),
        CapacityProject.objects.get(pk=tenant.project.pk).status,
        CapacityProject.objects.filter(network=tenant.network).count(),
        GeneratedReport.objects.filter(network=tenant.network).count(),
        GeneratedReport.objects.get(pk=tenant.report.pk).shared_with_partners,
        ShareLink.objects.filter(network=tenant.network).count(),
        ShareLink.objects.get(pk=tenant.link.pk).revoked_at,
    )


def assert_login_redirect(location: str, url: str) -> None:
    parts = urlsplit(location)
    assert parts.path == reverse("login")
    assert parse_qs(parts.query)["next"] == [url]


def test_it_walks_every_known_network_url():
    names = {url.name for url in NETWORK_URLS}
    assert len(NETWORK_URLS) >= 14
    assert {
        "network:home",
        "network:person_list",
        "network:person_edit",
        "network:village_detail",
        "network:partner_vet",
    } <= names
    assert len(OBJECT_URLS) >= 7


def test_it_has_a_provider_for_every_url_keyword():
    missing = {kwarg for url in NETWORK_URLS for kwarg in url.kwargs} - set(PROVIDERS)
    assert not missing, f"Add providers to PROVIDERS in tests/test_isolation.py for: {missing}"


def test_it_fails_for_a_url_keyword_without_a_provider(tenant_a):
    kwargs = ("network_slug", "grant_id")
    new_url = NetworkURL(
        "network:grant", "n/<slug:network_slug>/grants/<int:grant_id>/", kwargs, str
    )
    with pytest.raises(pytest.fail.Exception, match=r"'grant_id'.*Add one to PROVIDERS"):
        url_for(new_url, tenant_a)


@pytest.mark.parametrize("url", NETWORK_URLS, ids=str)
def test_it_wraps_every_network_view_in_network_view(url):
    assert getattr(url.callback, "network_scoped", False) is True, (
        f"{url} is not wrapped in core.tenancy.network_view: it would skip network scoping"
    )


@pytest.mark.parametrize("url", NETWORK_URLS, ids=str)
def test_it_sends_anonymous_visitors_to_login(client, tenant_a, url):
    path = url_for(url, tenant_a)

    response = client.get(path)
    assert response.status_code == 302
    assert_login_redirect(response["Location"], path)

    response = client.get(path, headers={"HX-Request": "true"})
    assert "HX-Redirect" in response, "an HTMX request must get a full-page redirect"
    assert_login_redirect(response["HX-Redirect"], path)


@pytest.mark.parametrize("url", NETWORK_URLS, ids=str)
def test_it_hides_network_a_from_members_of_network_b(member, tenant_a, tenant_b, url):
    alice = member(Role.ADMIN)
    charlie = member(Role.ADMIN, network=tenant_b.network)
    path = url_for(url, tenant_a)

    # The URL is real: A's own admin reaches it (405: a POST-only view).
    assert alice.get(path).status_code in (200, 405)

    before = snapshot(tenant_a)
    assert charlie.get(path).status_code == 404
    assert charlie.get(path, headers={"HX-Request": "true"}).status_code == 404
    assert charlie.post(path, POST_DATA).status_code == 404
    assert snapshot(tenant_a) == before


@pytest.mark.parametrize("url", OBJECT_URLS, ids=str)
def test_it_refuses_network_a_objects_under_network_b_slug(member, tenant_a, tenant_b, url):
    charlie = member(Role.ADMIN, network=tenant_b.network)
    own = url_for(url, tenant_b)
    crossed = url_for(url, tenant_b, objects_from=tenant_a)
    assert own != crossed

    own_status = charlie.get(own).status_code
    assert own_status in (200, 405)

    before = snapshot(tenant_a)
    # A POST-only view answers 405 to any GET before it loads anything.
    assert charlie.get(crossed).status_code == (405 if own_status == 405 else 404)
    assert charlie.post(crossed, POST_DATA).status_code == 404
    assert snapshot(tenant_a) == before


@pytest.mark.parametrize(
    "url", [url for url in NETWORK_URLS if getattr(url.callback, "required_perm", None)], ids=str
)
def test_it_answers_403_to_members_without_the_views_permission(member, tenant_a, url):
    perm = url.callback.required_perm
    path = url_for(url, tenant_a)
    lacking = [role for role in Role if perm not in MATRIX[role]]
    holding = [role for role in Role if perm in MATRIX[role]]
    assert holding, f"no role may use {url}"

    for role in lacking:
        bob = member(role)
        # A partner is refused as if the page did not exist.
        refused = 404 if role in HIDDEN_REFUSAL_ROLES else 403
        assert bob.get(path).status_code == refused, role
        assert bob.post(path, POST_DATA).status_code == refused, role
    for role in holding:
        alice = member(role)
        assert alice.get(path).status_code in (200, 405), role


def test_a_partner_opens_no_page_but_the_reports(member, tenant_a):
    partner = member(Role.PARTNER)
    for url in NETWORK_URLS:
        path = url_for(url, tenant_a)
        status = partner.get(path).status_code
        if url.name and url.name.startswith("reports:"):
            continue
        if url.name == "network:home":
            assert status == 302, "a partner's home is the reports page"
            continue
        if status == 405:  # POST-only: the GET is refused before anything is read
            status = partner.post(path, POST_DATA).status_code
        assert status == 404, f"a partner opened {url} ({status})"
