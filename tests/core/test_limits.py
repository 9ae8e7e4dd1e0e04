"""Length limits: every text a user types has one, and a too-long text is refused
with a message naming the limit instead of being stored (issue 11: a
1,000,000-character discussion was saved and then tied up every PDF worker)."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import translation

from core import limits
from core.roles import Role
from network.models import AgendaItem, AgendaSection, MeetingStatus, Resolution
from network.services import meetings as meeting_services
from tests.factories import AgendaItemFactory, MeetingFactory, PersonFactory, ResolutionFactory
from welfare import services as welfare_services
from welfare.models import Application

# Text fields that nobody types: written by the app itself.
SYSTEM_TEXT = {"reports.GeneratedReport.error"}
OUR_APPS = {"core", "network", "welfare", "reports"}


def typed_text_fields() -> list[str]:
    found = []
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label not in OUR_APPS or meta.object_name.startswith("Historical"):
            continue
        for field in meta.concrete_fields:
            if isinstance(field, models.TextField):
                found.append(f"{meta.app_label}.{meta.object_name}.{field.name}")
    return found


def test_it_finds_the_text_fields_by_walking_the_models():
    fields = typed_text_fields()
    assert "network.AgendaItem.discussion" in fields
    assert "welfare.Application.purpose" in fields
    assert len(fields) >= 15


@pytest.mark.parametrize("name", sorted(set(typed_text_fields()) - SYSTEM_TEXT))
def test_every_typed_text_field_declares_a_limit(name):
    app_label, model_name, field = name.split(".")
    limit = limits.limit_of(apps.get_model(app_label, model_name), field)
    assert limit is not None, f"{name} has no core.limits.TextLimit: declare its length limit"
    assert limits.REASON <= limit <= limits.LONG_TEXT


def test_the_message_names_the_limit_in_thai():
    with translation.override("th"), pytest.raises(ValidationError) as refused:
        limits.TextLimit(2000)("ก" * 2001)
    assert refused.value.messages == [
        "ข้อความยาวเกินไป: ได้ไม่เกิน 2,000 ตัวอักษร (ข้อความนี้มี 2,001 ตัวอักษร)"
    ]


@pytest.fixture
def secretary(member):
    return member(Role.SECRETARY)


@pytest.fixture
def item(network):
    meeting = MeetingFactory(network=network, status=MeetingStatus.IN_SESSION)
    return AgendaItemFactory(
        network=network, meeting=meeting, section=AgendaSection.FOR_DECISION, discussion="เดิม"
    )


def text_url(item: AgendaItem) -> str:
    return reverse("network:item_text", args=[item.network.slug, item.meeting.pk, item.pk])


def test_the_live_minutes_refuse_a_million_characters_with_the_limit(secretary, item):
    response = secretary.post(
        text_url(item),
        {"text": "a" * 1_000_000, "version": 1},
        headers={"HX-Request": "true", "HX-Target": f"state-item-{item.pk}"},
    )

    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/plain")
    assert "20,000" in response.text
    item.refresh_from_db()
    assert (item.discussion, item.version) == ("เดิม", 1)


def test_the_live_minutes_save_text_at_the_limit(secretary, item):
    response = secretary.post(
        text_url(item),
        {"text": "ก" * limits.LONG_TEXT, "version": 1},
        headers={"HX-Request": "true", "HX-Target": f"state-item-{item.pk}"},
    )

    assert response.status_code == 200
    item.refresh_from_db()
    assert len(item.discussion) == limits.LONG_TEXT


def test_a_body_past_the_request_cap_is_refused_before_it_is_read(secretary, item, settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2 * 1024 * 1024
    response = secretary.post(
        text_url(item),
        {"text": "ก" * 1_000_000, "version": 1},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 400
    item.refresh_from_db()
    assert item.discussion == "เดิม"


def test_a_resolution_added_with_too_long_text_is_refused(secretary, item):
    response = secretary.post(
        reverse("network:resolution_create", args=[item.network.slug, item.meeting.pk, item.pk]),
        {"text": "ก" * (limits.TEXT + 1)},
        follow=True,
    )

    assert "5,000" in response.text
    assert not Resolution.objects.filter(item=item).exists()


def test_a_too_long_workflow_reason_is_refused_with_the_limit(member, network):
    from network.models import Partner, PartnerStatus
    from tests.factories import PartnerFactory

    admin = member(Role.ADMIN)
    partner = PartnerFactory(network=network, status=PartnerStatus.PROPOSED)
    response = admin.post(
        reverse("network:partner_vet", args=[network.slug, partner.pk]),
        {"to_status": PartnerStatus.VETTED, "reason": "ก" * (limits.REASON + 1)},
    )

    assert "2,000" in response.content.decode()
    assert Partner.objects.get(pk=partner.pk).status == PartnerStatus.PROPOSED


def test_no_service_can_store_text_past_its_limit(network):
    item = AgendaItemFactory(network=network)
    resolution = ResolutionFactory(network=network, item=item)
    resolution.text = "ก" * (limits.TEXT + 1)
    with pytest.raises(ValidationError):
        resolution.save()
    with pytest.raises(ValidationError):
        meeting_services.add_action(item=item, description="ก" * (limits.REASON + 1))


def test_an_application_purpose_past_its_limit_is_refused(network):
    programme = welfare_services.create_programme(
        network=network, name="กองทุน", year=2007, total_budget=Decimal("10000")
    )
    with pytest.raises(ValidationError):
        welfare_services.create_application(
            programme=programme,
            applicant=PersonFactory(network=network),
            kind="occupational",
            purpose="ก" * (limits.TEXT + 1),
            requested_amount=Decimal("3000"),
        )
    assert not Application.objects.filter(network=network).exists()
