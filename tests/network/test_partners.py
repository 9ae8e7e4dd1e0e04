"""Partners: list, propose, edit, and vetting through the page."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from core.roles import Role
from network.models import Partner, PartnerKind, PartnerStatus, PartnerStatusChange
from tests.factories import PartnerFactory

VETTING = {"HX-Request": "true", "HX-Target": "vetting"}


def vet_url(partner) -> str:
    return reverse("network:partner_vet", args=[partner.network.slug, partner.pk])


@pytest.fixture
def partner(network):
    return PartnerFactory(network=network, name="โรงพยาบาลส่งเสริมสุขภาพตำบลหนองบัว")


# List


def test_it_lists_partners_and_filters_by_status(member, network, other_network):
    PartnerFactory(network=network, name="อบต.หนองบัว", status=PartnerStatus.ACTIVE)
    PartnerFactory(network=network, name="มูลนิธิชุมชน", kind=PartnerKind.NGO)
    PartnerFactory(network=other_network, name="ภาคีต่างเครือข่าย")
    bob = member(Role.VIEWER)
    url = reverse("network:partner_list", args=[network.slug])

    everything = bob.get(url)
    active = bob.get(
        url, {"status": "active"}, headers={"HX-Request": "true", "HX-Target": "results"}
    )
    ngos = bob.get(url, {"kind": "ngo"})
    searched = bob.get(url, {"q": "มูลนิธิ"})

    assert everything.status_code == 200
    assert "อบต.หนองบัว" in everything.text and "มูลนิธิชุมชน" in everything.text
    assert "ภาคีต่างเครือข่าย" not in everything.text
    assert "<html" not in active.text
    assert "อบต.หนองบัว" in active.text and "มูลนิธิชุมชน" not in active.text
    assert [p.name for p in ngos.context["page"]] == ["มูลนิธิชุมชน"]
    assert [p.name for p in searched.context["page"]] == ["มูลนิธิชุมชน"]


# Propose and edit


def test_it_proposes_a_new_partner_with_a_first_history_step(member, network):
    alice = member(Role.SECRETARY)

    response = alice.post(
        reverse("network:partner_create", args=[network.slug]),
        {"name": "สำนักงานเกษตรอำเภอ", "kind": PartnerKind.GOVERNMENT_AGENCY},
    )

    partner = Partner.objects.get()
    assert response["Location"] == partner.get_absolute_url()
    assert partner.network == network
    assert partner.status == PartnerStatus.PROPOSED
    assert partner.status_changed_by == alice.user
    step = PartnerStatusChange.objects.get()
    assert (step.partner, step.network) == (partner, network)
    assert (step.from_status, step.to_status) == ("", PartnerStatus.PROPOSED)
    assert step.changed_by == alice.user
    assert step.reason


def test_it_ignores_a_status_sent_with_the_partner_form(member, network):
    alice = member(Role.SECRETARY)
    alice.post(
        reverse("network:partner_create", args=[network.slug]),
        {"name": "ภาคีใจร้อน", "kind": PartnerKind.NGO, "status": PartnerStatus.ACTIVE},
    )
    assert Partner.objects.get().status == PartnerStatus.PROPOSED


def test_it_refuses_a_duplicate_partner_name_on_the_name_field(member, network, partner):
    alice = member(Role.SECRETARY)
    response = alice.post(
        reverse("network:partner_create", args=[network.slug]),
        {"name": partner.name, "kind": PartnerKind.NGO},
    )
    assert response.status_code == 422
    assert "name" in response.context["form"].errors
    assert Partner.objects.count() == 1


def test_it_refuses_another_networks_partner_as_parent(member, network, other_network):
    foreign = PartnerFactory(network=other_network)
    alice = member(Role.SECRETARY)

    response = alice.post(
        reverse("network:partner_create", args=[network.slug]),
        {"name": "หน่วยย่อย", "kind": PartnerKind.NGO, "parent": foreign.pk},
    )

    assert response.status_code == 422
    assert "parent" in response.context["form"].errors
    assert not Partner.objects.filter(network=network).exists()


def test_it_edits_a_partner_without_touching_its_status(member, network, partner):
    url = reverse("network:partner_edit", args=[network.slug, partner.pk])

    response = member(Role.SECRETARY).post(
        url, {"name": "ชื่อใหม่", "kind": PartnerKind.HEALTH, "status": PartnerStatus.ACTIVE}
    )

    assert response.status_code == 302
    partner.refresh_from_db()
    assert (partner.name, partner.kind) == ("ชื่อใหม่", PartnerKind.HEALTH)
    assert partner.status == PartnerStatus.PROPOSED
    assert not PartnerStatusChange.objects.exists()


# Vetting


def test_it_vets_then_activates_a_partner_recording_who_when_why(member, partner):
    alice = member(Role.SECRETARY)
    bob = member(Role.COMMITTEE)
    before = timezone.now()

    first = alice.post(vet_url(partner), {"to_status": "vetted", "reason": "ตรวจสอบทะเบียนแล้ว"})
    second = bob.post(vet_url(partner), {"to_status": "active", "reason": "มติที่ประชุม 1/2568"})

    assert first.status_code == second.status_code == 302
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.ACTIVE
    assert partner.status_changed_by == bob.user
    assert before <= partner.status_changed_at <= timezone.now()
    steps = list(partner.status_changes.order_by("changed_at", "pk"))
    assert [(s.from_status, s.to_status, s.changed_by, s.reason) for s in steps] == [
        ("proposed", "vetted", alice.user, "ตรวจสอบทะเบียนแล้ว"),
        ("vetted", "active", bob.user, "มติที่ประชุม 1/2568"),
    ]
    assert all(before <= s.changed_at <= timezone.now() for s in steps)

    page = alice.get(partner.get_absolute_url()).text
    assert "ตรวจสอบทะเบียนแล้ว" in page and "มติที่ประชุม 1/2568" in page


def test_it_refuses_to_skip_vetting(member, partner):
    alice = member(Role.SECRETARY)

    response = alice.post(
        vet_url(partner), {"to_status": "active", "reason": "รีบ"}, headers=VETTING
    )

    assert response.status_code == 422
    assert response.text.lstrip().startswith('<section id="vetting"')
    assert "<html" not in response.text
    assert "to_status" in response.context["status_form"].errors
    assert 'id="id_to_status_error"' in response.text
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.PROPOSED
    assert not PartnerStatusChange.objects.exists()


def test_it_offers_only_the_allowed_next_statuses(member, partner):
    response = member(Role.SECRETARY).get(partner.get_absolute_url())
    choices = [
        value for value, _label in response.context["status_form"].fields["to_status"].choices
    ]
    assert choices == ["vetted", "inactive"]


@pytest.mark.parametrize("reason", ["", "   "])
def test_it_refuses_a_vetting_step_without_a_reason(member, partner, reason):
    alice = member(Role.SECRETARY)

    response = alice.post(
        vet_url(partner), {"to_status": "vetted", "reason": reason}, headers=VETTING
    )

    assert response.status_code == 422
    assert "reason" in response.context["status_form"].errors
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.PROPOSED
    assert not PartnerStatusChange.objects.exists()


def test_it_answers_an_htmx_vetting_step_with_hx_location_and_a_message(member, partner):
    alice = member(Role.SECRETARY)

    response = alice.post(
        vet_url(partner), {"to_status": "vetted", "reason": "ok"}, headers=VETTING
    )

    assert json.loads(response["HX-Location"])["path"] == partner.get_absolute_url()
    with translation.override("th"):
        message = translation.gettext("%(partner)s is now %(status)s.") % {
            "partner": partner.name,
            "status": PartnerStatus.VETTED.label,
        }
    assert message in alice.get(partner.get_absolute_url()).text


def test_it_hides_the_vetting_form_from_those_who_cannot_vet(member, partner):
    assert member(Role.VIEWER).get(partner.get_absolute_url()).context["status_form"] is None
    assert member(Role.COMMITTEE).get(partner.get_absolute_url()).context["status_form"]


def test_it_refuses_get_on_the_vetting_url(member, partner):
    assert member(Role.SECRETARY).get(vet_url(partner)).status_code == 405


def test_it_shows_vetting_dates_as_the_local_day_in_be(member, partner):
    # 20:00 UTC on 1 January 2024 is already 2 January in Bangkok.
    late = dt.datetime(2024, 1, 1, 20, 0, tzinfo=dt.UTC)
    PartnerStatusChange.objects.create(
        network=partner.network, partner=partner, to_status="proposed", reason="x", changed_at=late
    )
    Partner.objects.filter(pk=partner.pk).update(status_changed_at=late)
    alice = member(Role.SECRETARY)

    detail = alice.get(partner.get_absolute_url()).text
    listing = alice.get(reverse("network:partner_list", args=[partner.network.slug])).text

    assert "2 มกราคม 2567" in detail
    assert "1 มกราคม 2567" not in detail
    assert "2 ม.ค. 2567" in listing
    # A step without an actor (a script, a deleted user) is shown as the system's.
    with translation.override("th"):
        assert translation.gettext("system") in detail
