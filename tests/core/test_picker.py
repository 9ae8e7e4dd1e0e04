"""The picker: one search for people, households, resolutions and partners.

Alice is a secretary of network A, Bob a partner of A (he sees reports only),
Charlie the secretary of network B. A form never lists a whole growing table: the
pages that pick people or resolutions are as big and run as many queries with
10,000 people (or 1,000 resolutions) as with 10.
"""

import html
import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from core import picker
from core.roles import Role
from network.meeting_forms import ActionItemForm
from network.models import (
    AgendaSection,
    Household,
    MeetingStatus,
    Partner,
    PartnerKind,
    Person,
    Resolution,
)
from tests.factories import (
    AgendaItemFactory,
    ApplicationFactory,
    MeetingFactory,
    PartnerFactory,
    PersonFactory,
    ProgrammeFactory,
    ResolutionFactory,
    VillageFactory,
    national_id,
)
from welfare.models import ApplicationStatus

pytestmark = pytest.mark.django_db


def th(message: str, **values: object) -> str:
    with translation.override("th"):
        text = gettext(message)
    return text % values if values else text


def pick_url(network, source: str) -> str:
    return reverse("picker:search", args=[network.slug, source])


def options(response) -> list[str]:
    """The labels of the options a search answered, in order."""
    return [
        html.unescape(label)
        for label in re.findall(r'<span class="picker-option-label">(.*?)</span>', response.text)
    ]


@pytest.fixture
def alice(member):
    return member(Role.SECRETARY)


@pytest.fixture
def village(network):
    return VillageFactory(network=network, number=3, name="บ้านดอนแดง")


@pytest.fixture
def somchai(network, village):
    return PersonFactory(
        network=network,
        village=village,
        first_name="สมชาย",
        last_name="ใจดี",
        phone="081-234-5678",
        national_id=national_id("110370012345"),
    )


@pytest.fixture
def malee(network):
    return PersonFactory(
        network=network,
        village=VillageFactory(network=network, number=5, name="บ้านหนองบัว"),
        title="นางสาว",
        first_name="มาลี",
        last_name="ศรีสุข",
    )


# The search


@pytest.mark.parametrize(
    "typed",
    ["สมชาย", "ใจดี", "สม ใจ", "0812345678", "081-234", "ดอนแดง", "3"],
    ids=["first name", "last name", "two words", "phone", "phone with dash", "village", "number"],
)
def test_it_finds_a_person_by_name_phone_or_village(alice, network, somchai, malee, typed):
    response = alice.get(pick_url(network, "people"), {"q": typed})

    assert response.status_code == 200
    assert options(response) == [somchai.full_name]


def test_it_searches_past_a_null_character_typed_or_sent(alice, network, somchai, malee):
    # PostgreSQL cannot compare text holding NUL: the search drops it, never a 500.
    response = alice.get(pick_url(network, "people"), {"q": "สม\x00ชาย", "village": "\x00"})

    assert response.status_code == 200
    assert options(response) == [somchai.full_name]


def test_it_finds_by_the_last_digits_of_the_national_id(alice, network, somchai, malee):
    response = alice.get(pick_url(network, "people"), {"owner_q": somchai.national_id[-4:]})
    assert options(response) == [somchai.full_name]
    # The whole ID is never shown in the results.
    assert somchai.national_id not in response.text


def test_it_shows_the_village_beside_the_name(alice, network, somchai):
    response = alice.get(pick_url(network, "people"), {"q": "สมชาย"})
    option = re.search(r'<li class="picker-option".*?</li>', response.text, re.S)
    assert option is not None
    assert "หมู่ที่ 3 บ้านดอนแดง" in option.group(0)
    assert f'data-value="{somchai.pk}"' in option.group(0)


def test_it_never_answers_with_another_networks_people(alice, network, other_network, somchai):
    PersonFactory(network=other_network, first_name="สมชาย", last_name="คนนอก")
    response = alice.get(pick_url(network, "people"), {"q": "สมชาย"})
    assert options(response) == [somchai.full_name]


def test_it_answers_at_most_twenty_and_says_there_are_more(alice, network, village):
    Person.objects.bulk_create(
        Person(network=network, village=village, first_name=f"บุญมี{n:02}") for n in range(25)
    )
    response = alice.get(pick_url(network, "people"), {"q": "บุญมี"})
    assert options(response) == [f"บุญมี{n:02}" for n in range(20)]
    assert th("The first %(max)s matches: type more to narrow them.", max=20) in html.unescape(
        response.text
    )


def test_it_says_when_nothing_matches(alice, network, somchai):
    response = alice.get(pick_url(network, "people"), {"q": "ไม่มีใคร"})
    assert options(response) == []
    assert th("Nothing matches “%(text)s”.", text="ไม่มีใคร") in html.unescape(response.text)


def test_it_searches_partners_resolutions_and_households(alice, network, village, somchai):
    PartnerFactory(network=network, name="สถานีอนามัยตำบลลำสินธุ์", short_name="สอ.")
    PartnerFactory(network=network, name="องค์การบริหารส่วนตำบลลำสินธุ์")
    meeting = MeetingFactory(network=network, number=10, year=2007)
    item = AgendaItemFactory(network=network, meeting=meeting)
    ResolutionFactory(network=network, item=item, text="อนุมัติทุนสวัสดิการเยาวชน")
    ResolutionFactory(network=network, item=item, text="รับรองรายงานการประชุม")
    Household.objects.create(network=network, village=village, house_number="12/4")

    assert options(alice.get(pick_url(network, "partners"), {"q": "อนามัย"})) == [
        "สถานีอนามัยตำบลลำสินธุ์"
    ]
    assert options(alice.get(pick_url(network, "resolutions"), {"q": "ทุน"})) == [
        "อนุมัติทุนสวัสดิการเยาวชน"
    ]
    by_meeting = options(alice.get(pick_url(network, "resolutions"), {"q": "10/2550"}))
    assert sorted(by_meeting) == ["รับรองรายงานการประชุม", "อนุมัติทุนสวัสดิการเยาวชน"]
    assert options(alice.get(pick_url(network, "households"), {"q": "12/4"})) == [
        f"{th('House No.')} 12/4"
    ]


def test_it_refuses_outsiders_partners_and_the_anonymous(member, client, network, somchai):
    charlie = member(Role.SECRETARY, network=VillageFactory().network)
    bob = member(Role.PARTNER)
    url = pick_url(network, "people")

    assert charlie.get(url, {"q": "สมชาย"}).status_code == 404
    # A partner follows reports only: not told that the search exists.
    assert bob.get(url, {"q": "สมชาย"}).status_code == 404
    assert bob.get(pick_url(network, "resolutions"), {"q": "ทุน"}).status_code == 404
    assert client.get(url, {"q": "สมชาย"}).status_code == 302
    # A read-only member may search: viewers see people.
    assert member(Role.VIEWER).get(url, {"q": "สมชาย"}).status_code == 200


@pytest.mark.parametrize("source", ["people", "households", "resolutions", "partners"])
def test_every_source_is_hidden_from_other_networks_and_partners(member, network, source):
    charlie = member(Role.SECRETARY, network=VillageFactory().network)
    bob = member(Role.PARTNER)
    url = pick_url(network, source)

    assert member(Role.VIEWER).get(url, {"q": "1"}).status_code == 200
    assert charlie.get(url, {"q": "1"}).status_code == 404
    assert bob.get(url, {"q": "1"}).status_code == 404


def test_it_has_no_search_for_an_unknown_source(alice, network):
    assert alice.get(pick_url(network, "everyone")).status_code == 404


def test_a_source_declared_twice_fails_at_start_up():
    with pytest.raises(ImproperlyConfigured):
        picker.register_source(picker.get_source("people"), order=999)


# The field, without JavaScript


def action_form(network, owner: str) -> ActionItemForm:
    return ActionItemForm({"description": "ซ่อมฝาย", "owner_q": owner}, network=network)


@pytest.mark.parametrize(
    "typed",
    ["0812345678", "081-234-5678", "1-1037-00123-45-{check}", "นายสมชาย ใจดี", "สมชาย ใจดี", "{pk}"],
)
def test_a_person_is_chosen_by_typing_a_unique_key_without_javascript(network, somchai, typed):
    typed = typed.format(check=somchai.national_id[-1], pk=somchai.pk)
    form = action_form(network, typed)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["owner"] == somchai


def test_the_chosen_id_in_the_hidden_input_is_the_choice(network, somchai):
    form = ActionItemForm({"description": "ซ่อมฝาย", "owner": str(somchai.pk)}, network=network)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["owner"] == somchai


def test_a_typed_name_that_several_share_is_refused_naming_their_ids(network, somchai):
    twin = PersonFactory(network=network, first_name="สมชาย", last_name="ใจดี")
    form = action_form(network, "สมชาย ใจดี")
    assert not form.is_valid()
    error = form.errors["owner"][0]
    assert f"ID {somchai.pk}" in error and f"ID {twin.pk}" in error


def test_another_networks_person_is_refused_by_id(network, other_network):
    outsider = PersonFactory(network=other_network)
    form = ActionItemForm({"description": "ซ่อมฝาย", "owner": str(outsider.pk)}, network=network)
    assert not form.is_valid()
    with translation.override("th"):
        assert form.errors["owner"] == [
            th("No one in this network matches “%(text)s”.", text=str(outsider.pk))
        ]


def test_a_refused_form_keeps_what_was_typed_and_a_chosen_one_shows_as_a_chip(network, somchai):
    typed = action_form(network, "ไม่มีใคร").__str__()
    assert 'value="ไม่มีใคร"' in typed

    chosen = ActionItemForm({"description": "", "owner": str(somchai.pk)}, network=network)
    rendered = str(chosen["owner"])
    assert f'name="owner" value="{somchai.pk}"' in rendered
    assert somchai.full_name in rendered and "หมู่ที่ 3 บ้านดอนแดง" in rendered


# Page size and queries do not grow with the network

SMALL, LARGE = 10, 10_000


def add_people(network, village, total: int) -> None:
    have = Person.objects.filter(network=network).count()
    Person.objects.bulk_create(
        (
            Person(network=network, village=village, first_name=f"คน{n}", last_name="ทดสอบ")
            for n in range(have, total)
        ),
        batch_size=2000,
    )


def add_resolutions(network, item, total: int) -> None:
    have = Resolution.objects.filter(network=network).count()
    Resolution.objects.bulk_create(
        (
            Resolution(network=network, item=item, position=n, text=f"มติที่ {n}")
            for n in range(have, total)
        ),
        batch_size=2000,
    )


def measure(client, url: str) -> tuple[int, int, list[str], str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    return len(queries), len(response.content), sql, response.text


def assert_same(page: str, small, large) -> None:
    print(  # noqa: T201
        f"PICKERSIZE {page} small: {small[0]} queries {small[1]} bytes; "
        f"large: {large[0]} queries {large[1]} bytes"
    )
    assert small[0] == large[0], "\n".join(["SMALL:", *small[2], "LARGE:", *large[2]])
    # The same page but for ids and tokens of a few characters each.
    assert abs(large[1] - small[1]) < 200


def test_the_october_minutes_page_does_not_grow_with_the_people(alice, network, village):
    meeting = MeetingFactory(network=network, status=MeetingStatus.IN_SESSION)
    for position in range(1, 13):
        AgendaItemFactory(
            network=network, meeting=meeting, section=AgendaSection.FOR_DECISION, position=position
        )
    url = meeting.get_absolute_url()
    add_people(network, village, SMALL)
    small = measure(alice, url)
    assert small[3].count('name="owner_q"') == 12  # an action form under every item
    add_people(network, village, LARGE)
    large = measure(alice, url)
    assert_same("minutes", small, large)


def test_the_new_application_form_does_not_grow_with_the_people(alice, network, village):
    programme = ProgrammeFactory(network=network)
    url = reverse("welfare:application_create", args=[network.slug, programme.pk])
    add_people(network, village, SMALL)
    small = measure(alice, url)
    add_people(network, village, LARGE)
    large = measure(alice, url)
    assert_same("application_form", small, large)


def test_the_application_page_does_not_grow_with_people_or_resolutions(member, network, village):
    admin = member(Role.ADMIN)
    application = ApplicationFactory(
        network=network, village=village, status=ApplicationStatus.UNDER_REVIEW
    )
    item = AgendaItemFactory(network=network, meeting=MeetingFactory(network=network))
    url = application.get_absolute_url()
    add_people(network, village, SMALL)
    add_resolutions(network, item, SMALL)
    small = measure(admin, url)
    assert "resolution_q" in small[3]  # the decision form cites a resolution by search
    add_people(network, village, LARGE)
    add_resolutions(network, item, 1_000)
    large = measure(admin, url)
    assert_same("application", small, large)


def test_a_partner_form_picks_its_parent_by_search(alice, network):
    parent = Partner.objects.create(network=network, name="กรมอนามัย", kind=PartnerKind.HEALTH)
    response = alice.post(
        reverse("network:partner_create", args=[network.slug]),
        {"name": "ศูนย์อนามัยที่ 12", "kind": PartnerKind.HEALTH, "parent_q": "กรมอนามัย"},
    )
    assert response.status_code == 302
    assert Partner.objects.get(name="ศูนย์อนามัยที่ 12").parent == parent


# Several at once: a programme's funders


def programme_data(**extra):
    return {
        "name": "ทุนการศึกษาเยาวชน",
        "year": "2551",
        "target_group": "youth",
        "total_budget": "50000.00",
        "rules": "",
        **extra,
    }


def test_a_programme_takes_its_funders_ticked_and_typed(alice, network):
    from welfare.models import Programme

    aobt = PartnerFactory(network=network, name="องค์การบริหารส่วนตำบลลำสินธุ์", short_name="อบต.")
    codi = PartnerFactory(network=network, name="สถาบันพัฒนาองค์กรชุมชน", short_name="พอช.")
    PartnerFactory(network=network, name="สถานีอนามัย")

    response = alice.post(
        reverse("welfare:programme_create", args=[network.slug]),
        programme_data(funders=[str(aobt.pk)], funders_q="พอช."),
    )

    assert response.status_code == 302
    assert set(Programme.objects.get(network=network).funders.all()) == {aobt, codi}


def test_a_programme_refuses_another_networks_funder(alice, network, other_network):
    from welfare.models import Programme

    outsider = PartnerFactory(network=other_network)
    response = alice.post(
        reverse("welfare:programme_create", args=[network.slug]),
        programme_data(funders=[str(outsider.pk)]),
    )
    assert response.status_code == 422
    assert not Programme.objects.exists()
    assert th("Nothing in this network matches “%(text)s”.", text=str(outsider.pk)) in (
        html.unescape(response.text)
    )


def test_the_programme_form_shows_its_funders_as_ticked_chips_not_every_partner(alice, network):
    funder = PartnerFactory(network=network, name="สถาบันพัฒนาองค์กรชุมชน")
    other = PartnerFactory(network=network, name="สถานีอนามัย")
    programme = ProgrammeFactory(network=network)
    programme.funders.set([funder])

    response = alice.get(reverse("welfare:programme_edit", args=[network.slug, programme.pk]))

    assert f'name="funders" value="{funder.pk}" checked' in response.text
    assert other.name not in response.text
