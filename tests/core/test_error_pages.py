"""Error pages (400, 403, 404, 410, 500) with DEBUG off: the app's layout, in the
user's language, with a way back home, as Django's handler views render them."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from core.roles import Role

pytestmark = pytest.mark.django_db

HOME = reverse("home")


def english() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def assert_error_page(response, status: int, *texts: str) -> str:
    assert response.status_code == status
    body = response.content.decode()
    assert 'class="topbar"' in body  # the app's layout, not Django's bare page
    assert f'<a class="button" href="{HOME}" id="error-home">' in body
    for text in texts:
        assert text in body
    return body


def test_it_shows_a_thai_404_in_the_layout():
    body = assert_error_page(Client().get("/no-such-page/"), 404, "ไม่พบหน้านี้")
    assert '<html lang="th">' in body
    assert "Not Found" not in body


def test_it_shows_an_english_404_when_english_was_chosen():
    body = assert_error_page(english().get("/no-such-page/"), 404, "Page not found")
    assert '<html lang="en">' in body


def test_it_shows_a_partner_the_404_page_for_a_page_hidden_from_partners(member, network):
    partner = member(Role.PARTNER)
    response = partner.get(reverse("network:person_list", args=[network.slug]))
    assert_error_page(response, 404, "ไม่พบหน้านี้", "กลับไปหน้าแรก")


def test_it_shows_the_403_page_to_a_member_without_the_right(member, network):
    viewer = member(Role.VIEWER)
    response = viewer.get(reverse("network:village_create", args=[network.slug]))
    assert_error_page(response, 403, "คุณไม่มีสิทธิ์เข้าถึงหน้านี้")


def test_it_shows_the_400_page_for_a_request_it_cannot_accept():
    response = Client().get("/", headers={"host": "attacker.example"})
    assert_error_page(response, 400, "ไม่เข้าใจคำขอนี้")


def test_it_has_a_410_page_in_the_layout():
    # Django has no 410 handler; the page is there for views that answer 410.
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("th"):
        body = render_to_string("410.html")
    assert 'class="topbar"' in body
    assert "หน้านี้ไม่มีให้เปิดแล้ว" in body
    assert f'href="{HOME}" id="error-home"' in body


@pytest.mark.urls("tests.core.error_urls")
@pytest.mark.parametrize(
    ("language", "text"),
    [("th", "เกิดข้อผิดพลาด"), ("en", "Something went wrong")],
)
def test_it_shows_the_500_page_in_the_layout_without_the_database(
    django_assert_num_queries, language, text
):
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    with django_assert_num_queries(0):
        response = client.get("/test-fail/")
    body = assert_error_page(response, 500, text)
    assert f'<html lang="{language}">' in body
    assert "Traceback" not in body
    assert "RuntimeError" not in body
