"""People: the list with active search, filters and pages; the form; the detail page."""

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from core.roles import Role
from network.models import Household, Person
from tests.factories import HouseholdFactory, PersonFactory, VillageFactory, national_id

RESULTS = {"HX-Request": "true", "HX-Target": "results"}
FORM = {"HX-Request": "true", "HX-Target": "person-form"}
VALID_ID = national_id("310060044593")


def names_listed(html: str) -> list[str]:
    """The people's names in a list page or fragment, in order."""
    return re.findall(r'<td class="primary"><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def villages(network):
    return VillageFactory(network=network, name="บ้านหนองบัว"), VillageFactory(
        network=network, name="บ้านโนนสว่าง"
    )


@pytest.fixture
def people(network, villages):
    first, second = villages
    return [
        PersonFactory(
            network=network,
            village=first,
            first_name="สมชาย",
            national_id=VALID_ID,
            household=HouseholdFactory(network=network, village=first, house_number="12/3"),
        ),
        PersonFactory(network=network, village=first, first_name="สมหญิง", phone="0812345678"),
        PersonFactory(network=network, village=second, first_name="มาลี"),
    ]


def list_url(network) -> str:
    return reverse("network:person_list", args=[network.slug])


# List


def test_it_lists_the_networks_people(member, network, other_network, people):
    PersonFactory(network=other_network, first_name="คนนอกเครือข่าย")
    alice = member(Role.VIEWER)

    response = alice.get(list_url(network))

    assert response.status_code == 200
    assert sorted(names_listed(response.text)) == sorted(p.full_name for p in people)
    assert "<html" in response.text
    assert response.context["page"].paginator.count == 3


def test_it_masks_national_ids_in_the_list(member, network, people):
    response = member(Role.VIEWER).get(list_url(network))
    assert VALID_ID not in response.text
    assert f"x-xxxx-xxxxx-{VALID_ID[10:12]}-{VALID_ID[12]}" in response.text


def test_it_answers_an_active_search_with_the_results_fragment(member, network, people):
    alice = member(Role.VIEWER)

    response = alice.get(list_url(network), {"q": "สมหญิง"}, headers=RESULTS)

    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.text.lstrip().startswith('<div id="results">')
    assert names_listed(response.text) == [people[1].full_name]
    assert "HX-Request" in response["Vary"]


def test_it_answers_a_history_restore_with_the_full_page(member, network, people):
    alice = member(Role.VIEWER)
    headers = {**RESULTS, "HX-History-Restore-Request": "true"}

    response = alice.get(list_url(network), {"q": "สมหญิง"}, headers=headers)

    assert "<html" in response.text
    assert names_listed(response.text) == [people[1].full_name]


def test_it_answers_a_boosted_request_with_the_full_page(member, network, people):
    response = member(Role.VIEWER).get(list_url(network), headers={**RESULTS, "HX-Boosted": "true"})
    assert "<html" in response.text


def test_it_answers_an_unknown_target_with_the_full_page(member, network, people):
    response = member(Role.VIEWER).get(
        list_url(network), headers={"HX-Request": "true", "HX-Target": "content"}
    )
    assert "<html" in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [("สมชาย", [0]), ("ใจดี", [0, 1, 2]), ("0812", [1]), ("12/3", [0]), ("สม ใจดี", [0, 1])],
)
def test_it_searches_names_phones_and_house_numbers(member, network, people, query, expected):
    response = member(Role.VIEWER).get(list_url(network), {"q": query}, headers=RESULTS)
    assert sorted(names_listed(response.text)) == sorted(people[i].full_name for i in expected)


def test_it_finds_a_house_number_only_in_its_own_network(member, network, other_network, people):
    foreign_village = VillageFactory(network=other_network)
    PersonFactory(
        network=other_network,
        village=foreign_village,
        first_name="คนนอกเครือข่าย",
        household=HouseholdFactory(
            network=other_network, village=foreign_village, house_number="12/3"
        ),
    )
    response = member(Role.VIEWER).get(list_url(network), {"q": "12/3"}, headers=RESULTS)
    assert names_listed(response.text) == [people[0].full_name]


def test_it_lists_names_that_start_with_the_word_first(member, network, villages):
    inside = PersonFactory(network=network, village=villages[0], first_name="กมลสมพร")
    starts = PersonFactory(network=network, village=villages[0], first_name="สมพร")
    response = member(Role.VIEWER).get(list_url(network), {"q": "สมพร"}, headers=RESULTS)
    assert names_listed(response.text) == [starts.full_name, inside.full_name]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only"
)
def test_it_serves_the_substring_search_from_a_trigram_index_led_by_network(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'person_search_trgm'")
        (definition,) = cursor.fetchone()
    assert "USING gin (network_id, upper((first_name)::text) gin_trgm_ops" in definition
    assert "upper((last_name)::text) gin_trgm_ops" in definition
    assert "upper((phone)::text) gin_trgm_ops" in definition


def test_it_stops_listing_past_the_deepest_page_and_says_so(member, network, villages, settings):
    settings.PAGE_SIZE = 2
    settings.PAGINATION_MAX_PAGES = 3
    for index in range(9):
        PersonFactory(network=network, village=villages[0], first_name=f"คนที่{index:02d}")
    alice = member(Role.VIEWER)

    deepest = alice.get(list_url(network), {"page": 5})

    assert names_listed(deepest.text) == ["นายคนที่04 ใจดี", "นายคนที่05 ใจดี"]
    assert "page=4" not in deepest.text
    assert "9 คน" in deepest.text
    assert "แสดงเพียง 3 หน้าแรกจากทั้งหมด 5 หน้า" in deepest.text
    assert "แสดงเพียง" not in alice.get(list_url(network), {"page": 2}).text


def test_it_filters_by_village(member, network, villages, people):
    response = member(Role.VIEWER).get(list_url(network), {"village": villages[1].pk})
    assert names_listed(response.text) == [people[2].full_name]


def test_it_refuses_another_networks_village_as_filter(member, network, other_network, people):
    foreign = VillageFactory(network=other_network)
    PersonFactory(network=other_network, village=foreign, first_name="คนนอกเครือข่าย")
    response = member(Role.VIEWER).get(list_url(network), {"village": foreign.pk})
    assert "คนนอกเครือข่าย" not in response.text
    assert response.context["filter"].errors


@pytest.mark.parametrize(("value", "expected"), [("true", [0]), ("false", [1, 2]), ("", [0, 1, 2])])
def test_it_filters_by_national_id_recorded(member, network, people, value, expected):
    response = member(Role.VIEWER).get(list_url(network), {"has_national_id": value})
    assert sorted(names_listed(response.text)) == sorted(people[i].full_name for i in expected)


def test_it_pages_the_list(member, network, villages, settings):
    settings.PAGE_SIZE = 3
    for index in range(7):
        PersonFactory(network=network, village=villages[0], first_name=f"คนที่{index:02d}")
    alice = member(Role.VIEWER)

    pages = [names_listed(alice.get(list_url(network), {"page": n}).text) for n in (1, 2, 3)]

    assert [len(page) for page in pages] == [3, 3, 1]
    assert [name for page in pages for name in page] == [
        f"นายคนที่{index:02d} ใจดี" for index in range(7)
    ]
    assert names_listed(alice.get(list_url(network), {"page": 99}).text) == pages[2]
    fragment = alice.get(list_url(network), {"page": 2}, headers=RESULTS).text
    assert "<html" not in fragment
    assert "page=3" in fragment and "page=1" in fragment


def test_it_keeps_the_filters_in_page_links(member, network, villages, settings):
    settings.PAGE_SIZE = 2
    for _index in range(5):
        PersonFactory(network=network, village=villages[0])
    response = member(Role.VIEWER).get(list_url(network), {"village": villages[0].pk})
    assert f"village={villages[0].pk}&amp;page=2" in response.text


# Detail


def test_it_shows_a_person_with_their_household(member, network, villages):
    household = HouseholdFactory(network=network, village=villages[0], house_number="45")
    person = PersonFactory(network=network, village=villages[0], household=household)
    housemate = PersonFactory(network=network, village=villages[0], household=household)
    other = PersonFactory(network=network, village=villages[0])

    response = member(Role.VIEWER).get(person.get_absolute_url())

    assert response.status_code == 200
    assert person.full_name in response.text
    assert housemate.full_name in response.text
    assert other.full_name not in response.text


# Form


def create_url(network) -> str:
    return reverse("network:person_create", args=[network.slug])


def test_it_creates_a_person_with_a_be_birth_date(member, network, villages):
    alice = member(Role.SECRETARY)
    data = {
        "title": "นาง",
        "first_name": "สมศรี",
        "last_name": "มีสุข",
        "national_id": VALID_ID,
        "birth_date": "9/10/2550",
        "village": villages[0].pk,
        "house_number": "7",
    }

    response = alice.post(create_url(network), data)

    person = Person.objects.get(first_name="สมศรี")
    assert response.status_code == 302
    assert response["Location"] == person.get_absolute_url()
    assert person.network == network
    assert person.birth_date == dt.date(2007, 10, 9)
    assert person.household.house_number == "7"
    assert person.national_id == VALID_ID


def test_it_accepts_a_national_id_typed_with_dashes(member, network):
    alice = member(Role.SECRETARY)
    dashed = f"{VALID_ID[0]}-{VALID_ID[1:5]}-{VALID_ID[5:10]}-{VALID_ID[10:12]}-{VALID_ID[12]}"

    response = alice.post(create_url(network), {"first_name": "สมศรี", "national_id": dashed})

    assert response.status_code == 302, response.context["form"].errors
    assert Person.objects.get().national_id == VALID_ID


def test_it_re_renders_an_invalid_person_form_with_inline_errors(member, network):
    alice = member(Role.SECRETARY)

    response = alice.post(create_url(network), {"first_name": "", "birth_date": "31/02/2550"})

    assert response.status_code == 422
    assert "<html" in response.text
    assert 'id="id_first_name_error"' in response.text
    assert 'id="id_birth_date_error"' in response.text
    assert 'value="31/02/2550"' in response.text
    assert not Person.objects.exists()


def test_it_refuses_a_birth_date_in_the_future(member, network):
    alice = member(Role.SECRETARY)

    response = alice.post(create_url(network), {"first_name": "สมศรี", "birth_date": "9/10/3000"})

    assert response.status_code == 422
    with translation.override("th"):
        message = translation.gettext("A birth date cannot be later than today.")
    assert message in response.text
    assert not Person.objects.exists()


def test_it_refuses_a_null_character_in_a_name_in_thai(member, network):
    alice = member(Role.SECRETARY)

    response = alice.post(create_url(network), {"first_name": "สม\x00ศรี"})

    assert response.status_code == 422
    with translation.override("th"):
        message = translation.gettext("Null characters are not allowed.")
    assert message != "Null characters are not allowed."
    assert message in response.text
    assert not Person.objects.exists()


def test_it_accepts_a_birth_date_of_today(member, network):
    today = timezone.localdate()
    alice = member(Role.SECRETARY)

    alice.post(create_url(network), {"first_name": "ทารก", "birth_date": today.isoformat()})

    assert Person.objects.get().birth_date == today


def test_it_re_renders_only_the_form_for_an_invalid_htmx_post(member, network):
    alice = member(Role.SECRETARY)

    response = alice.post(create_url(network), {"first_name": ""}, headers=FORM)

    assert response.status_code == 422
    assert "<html" not in response.text
    assert response.text.lstrip().startswith('<form id="person-form"')
    assert 'id="id_first_name_error"' in response.text
    assert "HX-Location" not in response
    assert not Person.objects.exists()


def test_it_refuses_a_national_id_with_a_wrong_check_digit(member, network):
    alice = member(Role.SECRETARY)
    wrong = VALID_ID[:-1] + str((int(VALID_ID[-1]) + 1) % 10)

    response = alice.post(create_url(network), {"first_name": "สมศรี", "national_id": wrong})

    assert response.status_code == 422
    errors = response.context["form"].errors.as_data()["national_id"]
    assert [error.code for error in errors] == ["national_id_checksum"]
    assert 'id="id_national_id_error"' in response.text
    assert not Person.objects.exists()


def test_it_refuses_a_national_id_already_recorded_in_the_network(member, network, other_network):
    PersonFactory(network=network, national_id=VALID_ID)
    PersonFactory(network=other_network, national_id=national_id("110170012345"))
    alice = member(Role.SECRETARY)

    response = alice.post(create_url(network), {"first_name": "ซ้ำ", "national_id": VALID_ID})

    assert response.status_code == 422
    assert "national_id" in response.context["form"].errors
    assert 'id="id_national_id_error"' in response.text
    assert not Person.objects.filter(first_name="ซ้ำ").exists()

    # Another network's record of an ID is no obstacle.
    response = alice.post(
        create_url(network), {"first_name": "ไม่ซ้ำ", "national_id": national_id("110170012345")}
    )
    assert response.status_code == 302


def test_it_refuses_another_networks_village(member, network, other_network):
    foreign = VillageFactory(network=other_network)
    alice = member(Role.SECRETARY)

    response = alice.post(create_url(network), {"first_name": "สมศรี", "village": foreign.pk})

    assert response.status_code == 422
    assert "village" in response.context["form"].errors
    assert not Person.objects.exists()


def test_it_offers_only_the_networks_villages(member, network, other_network, villages):
    foreign = VillageFactory(network=other_network, name="หมู่บ้านต่างเครือข่าย")
    response = member(Role.SECRETARY).get(create_url(network))
    assert villages[0].name in response.text
    assert foreign.name not in response.text


def test_it_answers_a_valid_htmx_post_with_hx_location(member, network):
    alice = member(Role.SECRETARY)

    response = alice.post(create_url(network), {"first_name": "สมศรี"}, headers=FORM)

    person = Person.objects.get()
    assert response.status_code == 200
    assert json.loads(response["HX-Location"]) == {
        "path": person.get_absolute_url(),
        "target": "body",
    }


def test_it_shows_the_saved_message_out_of_band_on_the_next_fragment(member, network):
    alice = member(Role.SECRETARY)
    alice.post(create_url(network), {"first_name": "สมศรี"}, headers=FORM)
    person = Person.objects.get()
    with translation.override("th"):
        message = translation.gettext("Saved: %(person)s") % {"person": person}

    fragment = alice.get(list_url(network), headers=RESULTS).text

    assert "<html" not in fragment
    oob = re.search(r'<div id="messages"[^>]*hx-swap-oob="true"[^>]*>(.*?)</div></div>', fragment)
    assert oob, fragment
    assert message in oob.group(1)
    # Shown once only.
    assert message not in alice.get(list_url(network), headers=RESULTS).text


def test_it_shows_the_saved_message_on_the_next_page(member, network):
    alice = member(Role.SECRETARY)

    response = alice.post(create_url(network), {"first_name": "สมศรี"}, follow=True)

    person = Person.objects.get()
    with translation.override("th"):
        message = translation.gettext("Saved: %(person)s") % {"person": person}
    assert response.redirect_chain == [(person.get_absolute_url(), 302)]
    assert message in response.text
    assert message not in alice.get(person.get_absolute_url()).text


def test_it_edits_a_person_and_shows_the_date_in_be(member, network, villages):
    person = PersonFactory(network=network, village=villages[0], birth_date=dt.date(2007, 10, 9))
    url = reverse("network:person_edit", args=[network.slug, person.pk])
    alice = member(Role.COORDINATOR)

    form_page = alice.get(url).text
    assert 'value="09/10/2550"' in form_page

    response = alice.post(
        url,
        {"first_name": "ชื่อใหม่", "village": villages[1].pk, "birth_date": "1/1/2500"},
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.first_name == "ชื่อใหม่"
    assert person.village == villages[1]
    assert person.birth_date == dt.date(1957, 1, 1)
    assert Person.objects.count() == 1


def test_it_keeps_the_person_unchanged_on_an_invalid_edit(member, network):
    person = PersonFactory(network=network, first_name="เดิม")
    url = reverse("network:person_edit", args=[network.slug, person.pk])

    response = member(Role.SECRETARY).post(url, {"first_name": ""})

    assert response.status_code == 422
    person.refresh_from_db()
    assert person.first_name == "เดิม"


def test_it_shows_the_house_number_when_editing(member, network, villages):
    household = HouseholdFactory(network=network, village=villages[0], house_number="99/9")
    person = PersonFactory(network=network, village=villages[0], household=household)
    url = reverse("network:person_edit", args=[network.slug, person.pk])
    assert 'value="99/9"' in member(Role.SECRETARY).get(url).text


def test_it_needs_a_village_for_a_house_number(member, network):
    alice = member(Role.SECRETARY)
    response = alice.post(create_url(network), {"first_name": "สมศรี", "house_number": "7"})
    assert response.status_code == 422
    assert "village" in response.context["form"].errors
    assert not Person.objects.exists()
    assert not Household.objects.exists()


def test_it_keeps_a_persons_own_national_id_on_edit(member, network):
    person = PersonFactory(network=network, national_id=VALID_ID)
    url = reverse("network:person_edit", args=[network.slug, person.pk])

    response = member(Role.SECRETARY).post(url, {"first_name": "ใหม่", "national_id": VALID_ID})

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.first_name, person.national_id) == ("ใหม่", VALID_ID)
