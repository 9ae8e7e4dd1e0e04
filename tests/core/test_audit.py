"""Audit history: every change kept with who, when and what, wherever it came from."""

import sys

import pytest
from django.core.management import call_command

from core.audit import (
    audit_context,
    bulk_create_audited,
    bulk_update_audited,
    history_of,
    recent_changes,
)
from core.roles import Role
from network.models import Partner, Person, Village
from tests.factories import (
    MembershipFactory,
    PartnerFactory,
    PersonFactory,
    UserFactory,
    VillageFactory,
    national_id,
)

pytestmark = pytest.mark.django_db


def test_it_records_a_create_made_through_a_page_with_its_user(member, network):
    alice = member(Role.SECRETARY)
    response = alice.post(f"/n/{network.slug}/villages/new/", {"number": "7", "name": "บ้านใหม่"})
    assert response.status_code == 302
    village = Village.objects.get(network=network, number=7)
    (record,) = village.history.all()
    assert record.history_type == "+"
    assert record.history_user == alice.user
    assert record.source == "web"
    assert record.network_id == network.pk


def test_it_records_an_update_with_the_fields_before_and_after(member, network):
    alice = member(Role.SECRETARY)
    village = VillageFactory(network=network, number=3, name="บ้านเก่า")
    alice.post(f"/n/{network.slug}/villages/3/edit/", {"number": "3", "name": "บ้านทุ่งยาว"})
    newest, *_ = history_of(village)
    assert newest.action == "~"
    assert newest.actor == alice.user
    assert [(c.old, c.new) for c in newest.changes] == [("บ้านเก่า", "บ้านทุ่งยาว")]


def test_it_records_nothing_when_a_save_changes_nothing(member, network):
    alice = member(Role.SECRETARY)
    VillageFactory(network=network, number=3, name="บ้านเดิม")
    village = Village.objects.get(network=network, number=3)
    before = village.history.count()
    alice.post(f"/n/{network.slug}/villages/3/edit/", {"number": "3", "name": "บ้านเดิม"})
    assert village.history.count() == before


def test_it_records_a_delete_with_the_last_values(network):
    bob = UserFactory()
    village = VillageFactory(network=network, number=9, name="บ้านที่ถูกลบ")
    with audit_context(source="web", user=bob):
        village.delete()
    record = Village.history.model.objects.filter(network=network, number=9).first()
    assert record.history_type == "-"
    assert record.name == "บ้านที่ถูกลบ"
    assert record.history_user == bob


def test_it_records_bulk_writes_with_the_importing_user_and_source(network):
    alice = UserFactory()
    village = VillageFactory(network=network)
    people = [
        Person(network=network, first_name=f"คนที่{i}", last_name="ทดสอบ", village=village)
        for i in range(30)
    ]
    with audit_context(source="import:people", user=alice):
        created = bulk_create_audited(Person, people, batch_size=7)
        for person in created:
            person.phone = "081-000-0000"
        bulk_update_audited(Person, created, ["phone"])
    history = Person.history.model.objects.filter(network=network)
    assert history.filter(history_type="+").count() == 30
    assert history.filter(history_type="~", phone="081-000-0000").count() == 30
    assert set(history.values_list("history_user", "source").distinct()) == {
        (alice.pk, "import:people")
    }


def test_it_records_the_command_that_changed_data_outside_a_request(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["manage.py", "load_demo"])
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    history = Person.history.model.objects.all()
    assert history.exists()
    assert set(history.values_list("source", flat=True).distinct()) == {"command:load_demo"}
    assert not history.exclude(history_user=None).exists()


def test_it_shows_history_on_the_person_page_with_the_id_masked(member, network):
    alice = member(Role.SECRETARY)
    village = VillageFactory(network=network)
    alice.post(
        f"/n/{network.slug}/people/new/",
        {"first_name": "สมหญิง", "national_id": national_id("110170012345"), "village": village.pk},
    )
    person = Person.objects.get(first_name="สมหญิง")
    page = alice.get(f"/n/{network.slug}/people/{person.pk}/").content.decode()
    assert 'id="history"' in page
    assert person.masked_national_id in page
    assert person.national_id not in page


def test_it_lists_recent_changes_on_the_network_home(member, network):
    alice = member(Role.SECRETARY)
    alice.post(
        f"/n/{network.slug}/partners/new/", {"name": "อบต.ตัวอย่าง", "kind": "local_government"}
    )
    partner = Partner.objects.get(network=network)
    page = alice.get(f"/n/{network.slug}/").content.decode()
    assert 'id="recent-changes"' in page
    assert f'href="/n/{network.slug}/partners/{partner.pk}/"' in page
    assert "อบต.ตัวอย่าง" in page


def test_it_keeps_recent_changes_within_the_network_and_the_role(network, other_network):
    PersonFactory(network=network, first_name="ในเครือข่าย")
    PersonFactory(network=other_network, first_name="เครือข่ายอื่น")
    secretary = MembershipFactory(network=network, role=Role.SECRETARY)
    partner = MembershipFactory(network=network, role=Role.PARTNER)
    labels = [e.object_label for e in recent_changes(network, membership=secretary)]
    assert any("ในเครือข่าย" in label for label in labels)
    assert not any("เครือข่ายอื่น" in label for label in labels)
    # A partner may not see people, so not their changes either.
    assert not [e for e in recent_changes(network, membership=partner) if e.model_label == "person"]
    assert all(
        "ในเครือข่าย" not in e.object_label for e in recent_changes(network, membership=partner)
    )


def test_it_lists_meeting_changes_among_recent_changes(member, network):
    import datetime as dt

    from network.services.meetings import create_meeting

    alice = member(Role.SECRETARY)
    meeting = create_meeting(network=network, date=dt.date(2007, 10, 9), number=10)
    page = alice.get(f"/n/{network.slug}/").content.decode()
    assert f'href="/n/{network.slug}/meetings/{meeting.pk}/">10/2550</a>' in page


def test_it_lists_the_newest_changes_across_tables_newest_first(network):
    admin = MembershipFactory(network=network, role=Role.ADMIN)
    villages = [VillageFactory(network=network, number=n, name=f"บ้านที่{n}") for n in range(1, 26)]
    partners = [PartnerFactory(network=network, name=f"ภาคี{n}") for n in range(3)]

    labels = [e.object_label for e in recent_changes(network, membership=admin, limit=20)]

    expected = [p.name for p in reversed(partners)] + [v.name for v in reversed(villages)][:17]
    assert [label.split()[-1] for label in labels] == expected
