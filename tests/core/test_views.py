"""Pages outside any network: choosing one, switching, language, health."""

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import translation

from core.roles import Role
from tests.factories import NetworkFactory, PersonFactory, UserFactory


def test_it_sends_a_one_network_user_straight_to_it(member, network):
    alice = member(Role.VIEWER)
    response = alice.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == network.get_absolute_url()


def test_it_lists_the_networks_of_a_multi_network_user(member, network, other_network):
    alice = member(Role.VIEWER)
    member(Role.ADMIN, network=other_network, user=alice.user)
    NetworkFactory(name="เครือข่ายที่ไม่เกี่ยวข้อง", slug="unrelated")

    response = alice.get(reverse("home"))

    assert response.status_code == 200
    for own in (network, other_network):
        assert own.name in response.text
        assert f'href="{own.get_absolute_url()}"' in response.text
    assert "เครือข่ายที่ไม่เกี่ยวข้อง" not in response.text


def test_it_tells_a_user_without_a_network_to_ask_for_one(db):
    charlie = Client()
    charlie.force_login(UserFactory())
    response = charlie.get(reverse("home"))
    assert response.status_code == 200
    assert response.context["memberships"] == []


def test_it_sends_anonymous_visitors_from_the_start_page_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_shows_the_network_switcher_to_a_multi_network_user(member, network, other_network):
    alice = member(Role.VIEWER)
    member(Role.ADMIN, network=other_network, user=alice.user)

    response = alice.get(network.get_absolute_url())

    assert 'id="network-switcher"' in response.text
    assert f'href="{other_network.get_absolute_url()}"' in response.text
    assert 'aria-current="true"' in response.text


def test_it_hides_the_network_switcher_from_a_one_network_user(member, network, other_network):
    bob = member(Role.VIEWER)
    response = bob.get(network.get_absolute_url())
    assert response.status_code == 200
    assert 'id="network-switcher"' not in response.text
    assert other_network.get_absolute_url() not in response.text


def test_it_switches_the_language_to_english_and_back(member, network):
    alice = member(Role.VIEWER)
    url = network.get_absolute_url()
    with translation.override("th"):
        villages_th = translation.gettext("Villages")
    assert villages_th != "Villages", "no Thai catalog: run make messages (compilemessages)"

    thai_page = alice.get(url).text
    assert '<html lang="th">' in thai_page
    assert villages_th in thai_page

    response = alice.post(reverse("set_language"), {"language": "en", "next": url})
    assert response.status_code == 302

    english_page = alice.get(url).text
    assert '<html lang="en">' in english_page
    assert ">Villages<" in english_page
    assert villages_th not in english_page

    alice.post(reverse("set_language"), {"language": "th", "next": url})
    assert '<html lang="th">' in alice.get(url).text


def test_it_stays_thai_for_an_english_browser(member, network):
    alice = member(Role.VIEWER)
    response = alice.get(network.get_absolute_url(), headers={"Accept-Language": "en-US,en"})
    assert '<html lang="th">' in response.text


def test_it_shows_a_birth_date_in_the_buddhist_era_in_thai(member, network):
    person = PersonFactory(network=network, birth_date=dt.date(2007, 10, 9))
    alice = member(Role.VIEWER)

    assert "9 ตุลาคม 2550" in alice.get(person.get_absolute_url()).text

    alice.post(reverse("set_language"), {"language": "en"})
    english = alice.get(person.get_absolute_url()).text
    assert "9 October 2007" in english
    assert "2550" not in english


def test_it_answers_the_health_check(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_it_redirects_the_favicon_to_the_static_file(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].startswith("/static/img/favicon")


def test_it_titles_the_network_home_with_the_page_name_only(member, network):
    alice = member()
    page = alice.get(f"/n/{network.slug}/").content.decode()
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title
    assert network.name in title
    assert page.count('id="recent-changes"') == 1
