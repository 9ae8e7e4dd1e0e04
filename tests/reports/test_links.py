"""Who may see which report: partners see what is shared with their networks; a
signed link opens one report without an account until it expires or is withdrawn,
and every download through it is recorded."""

import datetime as dt
import hashlib
import re
import time

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation

from core.roles import Role
from reports import services
from reports.models import GeneratedReport, LinkDownload, ReportSharing, ShareLink, link_signer
from tests.factories import MeetingFactory, ProgrammeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def th(message: str) -> str:
    with translation.override("th"):
        return translation.gettext(message)


def rendered(network, *, shared=False) -> GeneratedReport:
    MeetingFactory(network=network, number=10, year=2007)
    kind = services.kind_or_error("minutes")
    params = services.parse_params(kind, network, {"meeting": "10/2550"})
    report = services.request_render(
        network=network, kind=kind, params=params, shared_with_partners=shared
    )
    return services.run_render(report.pk)


@pytest.fixture
def report(network):
    return rendered(network)


@pytest.fixture
def link(report):
    return services.create_link(
        report=report, expires_on=timezone.localdate() + dt.timedelta(days=7), label="อบต."
    )


def shared_url(link, name="report"):
    return reverse(f"shared:{name}", args=[link.token])


# Signed links


def test_a_link_opens_the_report_without_an_account(client, link, report):
    page = client.get(shared_url(link))
    assert page.status_code == 200
    assert report.title in page.text and shared_url(link, "pdf") in page.text

    download = client.get(shared_url(link, "pdf"))

    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert hashlib.sha256(download.content).hexdigest() == report.pdf_sha256
    recorded = LinkDownload.objects.get()
    assert (recorded.link, recorded.file_format) == (link, "pdf")


def test_a_link_keeps_one_url(link, monkeypatch):
    first = link.token
    later = time.time() + 3600
    monkeypatch.setattr(time, "time", lambda: later)  # an hour on: the same URL
    assert ShareLink.objects.get(pk=link.pk).token == first


def test_every_download_is_recorded(client, link):
    for _ in range(3):
        client.get(shared_url(link, "pdf"))
    client.get(shared_url(link, "xlsx"))
    assert list(LinkDownload.objects.order_by("pk").values_list("file_format", flat=True)) == [
        "pdf",
        "pdf",
        "pdf",
        "xlsx",
    ]


def test_an_expired_link_is_refused_with_a_clear_page(client, link):
    link.expires_at = timezone.now() - dt.timedelta(seconds=1)
    link.save()

    for name in ("report", "pdf"):
        response = client.get(shared_url(link, name))
        assert response.status_code == 410
        assert th("This link has expired. Ask the network for a new one.") in response.text
        assert "Traceback" not in response.text
        # The error pages' layout, with a way back.
        assert f'href="{reverse("home")}" id="error-home"' in response.text
    assert not LinkDownload.objects.exists()


def test_a_withdrawn_link_is_refused(member, client, network, report, link):
    secretary = member(Role.SECRETARY)
    secretary.post(reverse("reports:link_revoke", args=[network.slug, report.pk, link.pk]))

    response = client.get(shared_url(link, "pdf"))

    assert response.status_code == 410
    assert th("This link was withdrawn by the network. Ask them for a new one.") in response.text
    link.refresh_from_db()
    assert link.revoked_by == secretary.user
    assert not LinkDownload.objects.exists()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: signing.dumps({"link": 999, "network": 1}, salt="another-salt"),
        lambda token: "not-a-token",
    ],
    ids=["altered signature", "signed for something else", "garbage"],
)
def test_a_tampered_link_is_refused(client, link, tamper):
    response = client.get(reverse("shared:pdf", args=[tamper(link.token)]))
    assert response.status_code == 404
    assert th("This link is not valid. Check that it was copied whole.") in response.text
    assert not LinkDownload.objects.exists()


def test_a_link_to_another_row_cannot_be_forged_without_the_key(client, link, other_network):
    other = rendered(other_network)
    other_link = services.create_link(report=other, expires_on=timezone.localdate())
    # The signed payload names the link and its network: swapping the network is detected.
    forged = link_signer().sign_object({"link": other_link.pk, "network": link.network_id})
    assert client.get(reverse("shared:pdf", args=[forged])).status_code == 404


def test_a_link_cannot_be_made_for_a_date_already_past(report):
    with pytest.raises(services.ValidationError):
        services.create_link(report=report, expires_on=timezone.localdate() - dt.timedelta(days=1))


def test_a_secretary_makes_a_link_and_sees_its_downloads(member, client, network, report):
    secretary = member(Role.SECRETARY)
    response = secretary.post(
        reverse("reports:link_create", args=[network.slug, report.pk]),
        {"label": "สถานีอนามัย", "expires_on": "31/12/2570"},
    )
    link = report.links.get()
    assert response.status_code == 302
    assert (link.label, timezone.localtime(link.expires_at).date()) == (
        "สถานีอนามัย",
        dt.date(2027, 12, 31),
    )
    client.get(shared_url(link, "pdf"))

    page = secretary.get(report.get_absolute_url())
    assert shared_url(link) in page.text
    assert page.context["links"][0].download_count == 1


# Partners


def test_a_partner_sees_only_the_reports_shared_with_partners(member, network):
    hidden = rendered(network)
    MeetingFactory(network=network, number=11, year=2007)
    kind = services.kind_or_error("minutes")
    shown = services.run_render(
        services.request_render(
            network=network,
            kind=kind,
            params=services.parse_params(kind, network, {"meeting": "11/2550"}),
            shared_with_partners=True,
        ).pk
    )
    partner = member(Role.PARTNER)

    page = partner.get(reverse("reports:list", args=[network.slug]))

    assert [report.pk for report in page.context["page"].object_list] == [shown.pk]
    assert partner.get(reverse("reports:pdf", args=[network.slug, shown.pk])).status_code == 200
    assert partner.get(reverse("reports:pdf", args=[network.slug, hidden.pk])).status_code == 404
    assert page.context["kinds"] == []  # nothing to make


def test_a_partner_cannot_see_another_networks_reports(member, network, other_network):
    theirs = rendered(other_network, shared=True)
    partner = member(Role.PARTNER)

    assert partner.get(reverse("reports:list", args=[other_network.slug])).status_code == 404
    assert partner.get(reverse("reports:pdf", args=[network.slug, theirs.pk])).status_code == 404


def test_sharing_with_partners_is_for_those_who_may_share(member, network, report):
    url = reverse("reports:share", args=[network.slug, report.pk])
    assert member(Role.COMMITTEE).post(url, {"shared": "1"}).status_code == 403
    report.refresh_from_db()
    assert report.shared_with_partners is False

    member(Role.SECRETARY).post(url, {"shared": "1"})
    report.refresh_from_db()
    assert report.shared_with_partners is True


# Making reports from the page


def test_a_secretary_requests_a_report_and_lands_on_its_page(
    member, network, django_capture_on_commit_callbacks
):
    MeetingFactory(network=network, number=10, year=2007)
    with django_capture_on_commit_callbacks(execute=True):
        response = member(Role.SECRETARY).post(
            reverse("reports:request", args=[network.slug, "minutes"]),
            {"minutes-meeting": "10/2550", "minutes-language": "th"},
        )
    report = GeneratedReport.objects.get()
    assert response.status_code == 302 and response.url == report.get_absolute_url()
    assert report.task_id  # queued for the worker


def test_a_bad_parameter_is_refused_and_nothing_is_queued(member, network):
    response = member(Role.SECRETARY).post(
        reverse("reports:request", args=[network.slug, "minutes"]),
        {"minutes-meeting": "99/2550", "minutes-language": "th"},
        follow=True,
    )
    assert not GeneratedReport.objects.exists()
    # The list again with the minutes form in place, showing what is wrong.
    assert response.redirect_chain == []
    assert response.status_code == 422
    form = re.search(r"<form [^>]*reports/new/minutes/.*?</form>", response.text, re.S)
    assert form and "data-refusal" in form.group(0) and 'class="errorlist"' in form.group(0)


def test_a_board_asked_for_a_past_day_keeps_that_day_in_the_archive(member, network):
    programme = ProgrammeFactory(network=network)
    url = reverse("reports:request", args=[network.slug, "welfare-board"])
    secretary = member(Role.SECRETARY)
    fields = {"welfare-board-programme": str(programme.pk), "welfare-board-language": "th"}

    secretary.post(url, {**fields, "welfare-board-as_of": "31/10/2550"})
    before = timezone.now()
    secretary.post(url, {**fields, "welfare-board-as_of": ""})

    dated, now = GeneratedReport.objects.order_by("pk")
    assert dated.params == {
        "programme": programme.pk,
        "as_of": "2007-10-31T23:59:59.999999+07:00",
    }
    assert dated.title.endswith("ณ 31 ตุลาคม 2550 23.59 น.")
    # No day: the moment it was asked for, kept so that making it again changes nothing.
    assert dt.datetime.fromisoformat(now.params["as_of"]) >= before


def test_a_board_of_a_day_not_yet_come_is_refused_on_the_page(member, network):
    programme = ProgrammeFactory(network=network)
    response = member(Role.SECRETARY).post(
        reverse("reports:request", args=[network.slug, "welfare-board"]),
        {
            "welfare-board-programme": str(programme.pk),
            "welfare-board-language": "th",
            "welfare-board-as_of": "1/1/2700",
        },
    )
    assert response.status_code == 422
    assert not GeneratedReport.objects.exists()
    assert th("The board cannot stand at a day after today.") in response.text


def test_a_viewer_may_read_but_not_make_reports(member, network):
    viewer = member(Role.VIEWER)
    assert viewer.get(reverse("reports:list", args=[network.slug])).status_code == 200
    response = viewer.post(
        reverse("reports:request", args=[network.slug, "monthly"]), {"monthly-month": "2007-10"}
    )
    assert response.status_code == 403
    assert not GeneratedReport.objects.exists()


def test_sharing_with_partners_is_recorded_with_who_and_when(member, network, report):
    url = reverse("reports:share", args=[network.slug, report.pk])
    secretary = member(Role.SECRETARY)
    secretary.post(url, {"shared": "1"})
    secretary.post(url, {"shared": "1"})  # already shared: nothing new to record
    secretary.post(url, {"shared": "0"})
    rows = list(ReportSharing.objects.filter(report=report).order_by("pk"))
    assert [(row.shared, row.changed_by, row.network) for row in rows] == [
        (True, secretary.user, network),
        (False, secretary.user, network),
    ]
    page = secretary.get(reverse("reports:detail", args=[network.slug, report.pk]))
    assert secretary.user.get_full_name() in page.content.decode()


def test_the_sharing_service_records_the_actor_outside_a_request(network, report):
    alice = UserFactory()
    services.set_shared_with_partners(report=report, shared=True, actor=alice)
    report.refresh_from_db()
    assert report.shared_with_partners is True
    (row,) = ReportSharing.objects.all()
    assert (row.report, row.shared, row.changed_by) == (report, True, alice)
