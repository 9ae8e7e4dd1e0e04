"""Login throttling, CSRF through HTMX, the Content-Security-Policy, production settings."""

import importlib.util
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from core.roles import Role
from network.models import Village
from tests.factories import PASSWORD, MembershipFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent.parent
SETTINGS_FILE = ROOT / "config" / "settings.py"
NEIGHBOURS = "10.0.0.1"


# Login throttling


@pytest.fixture
def alice(network):
    return MembershipFactory(network=network, user=UserFactory(username="alice")).user


@pytest.fixture
def bob(network):
    return MembershipFactory(network=network, user=UserFactory(username="bob")).user


def log_in(username: str, password: str, address: str) -> tuple[Client, int]:
    client = Client(REMOTE_ADDR=address)
    response = client.post(reverse("login"), {"username": username, "password": password})
    return client, response.status_code


def is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def fail_until_locked(settings, username: str, address: str) -> None:
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client, _status = log_in(username, "wrong-password", address)
        assert not is_logged_in(client)


def test_it_logs_in_with_the_right_password(alice):
    client, status = log_in("alice", PASSWORD, NEIGHBOURS)
    assert status == 302
    assert is_logged_in(client)


def test_it_still_lets_alice_in_one_failure_below_the_limit(settings, alice):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in("alice", "wrong-password", NEIGHBOURS)
    client, status = log_in("alice", PASSWORD, NEIGHBOURS)
    assert status == 302
    assert is_logged_in(client)


def test_it_locks_alice_out_after_the_failure_limit(settings, alice):
    assert settings.AXES_FAILURE_LIMIT == 5
    fail_until_locked(settings, "alice", NEIGHBOURS)

    client, status = log_in("alice", PASSWORD, NEIGHBOURS)

    assert status == 429
    assert not is_logged_in(client)


def test_it_does_not_lock_out_a_neighbour_behind_the_same_address(settings, alice, bob):
    fail_until_locked(settings, "alice", NEIGHBOURS)

    client, status = log_in("bob", PASSWORD, NEIGHBOURS)

    assert status == 302
    assert is_logged_in(client)


def test_it_does_not_lock_alice_out_from_another_address(settings, alice):
    fail_until_locked(settings, "alice", NEIGHBOURS)

    client, status = log_in("alice", PASSWORD, "10.0.0.2")

    assert status == 302
    assert is_logged_in(client)


# CSRF


def csrf_token_from_body(html: str) -> str:
    """The token htmx sends: <body hx-headers='{"X-CSRFToken": "…"}'>."""
    match = re.search(r"""<body hx-headers='\{"X-CSRFToken": "([^"]+)"\}'>""", html)
    assert match, "the page must give htmx its CSRF token on <body>"
    return match.group(1)


def test_it_refuses_an_htmx_post_without_the_csrf_token(network):
    alice = Client(enforce_csrf_checks=True)
    alice.force_login(MembershipFactory(network=network, role=Role.SECRETARY).user)
    url = reverse("network:village_create", args=[network.slug])
    page = alice.get(url)
    assert page.status_code == 200

    htmx = {"HX-Request": "true", "HX-Target": "village-form"}
    response = alice.post(url, {"number": "1", "name": "บ้านหนองบัว"}, headers=htmx)

    assert response.status_code == 403
    assert not Village.objects.exists()

    token = csrf_token_from_body(page.text)
    response = alice.post(
        url, {"number": "1", "name": "บ้านหนองบัว"}, headers={**htmx, "X-CSRFToken": token}
    )

    assert response.status_code == 200
    assert "HX-Location" in response
    assert Village.objects.filter(network=network, number=1).exists()


# Content-Security-Policy


def test_it_sends_a_csp_with_a_nonce_that_every_script_carries(member, network):
    alice = member(Role.ADMIN)

    response = alice.get(reverse("network:home", args=[network.slug]))

    policy = response["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    match = re.search(r"'nonce-([^']+)'", script_src)
    assert match, f"no nonce in {script_src!r}"
    nonce = match.group(1)
    assert "'unsafe-inline'" not in script_src
    scripts = re.findall(r"<script\b[^>]*>", response.text)
    assert scripts, "the page has no script at all: the check would prove nothing"
    for tag in scripts:
        src = re.search(r'\ssrc="([^"]*)"', tag)
        assert f'nonce="{nonce}"' in tag or (src and src.group(1).startswith("/static/")), tag


def test_it_changes_the_csp_nonce_on_every_response(member, network):
    alice = member(Role.ADMIN)
    url = reverse("network:home", args=[network.slug])
    first, second = alice.get(url), alice.get(url)
    assert first["Content-Security-Policy"] != second["Content-Security-Policy"]


# Production settings


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "SQLITE_NAME"))
    }
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_PRODUCTION": "1",
        "SQLITE_NAME": str(tmp_path / "unused.sqlite3"),
        **extra,
    }


def test_it_passes_the_deployment_checks_in_production_mode(tmp_path):
    secret = secrets.token_urlsafe(45)
    assert len(secret) == 60
    env = production_env(tmp_path, DJANGO_SECRET_KEY=secret, DJANGO_ALLOWED_HOSTS="example.org")

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def load_settings(name: str = "settings_under_test"):
    """Execute config/settings.py afresh as a separate module (the live one stays put)."""
    spec = importlib.util.spec_from_file_location(name, SETTINGS_FILE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def production(monkeypatch):
    for key in list(os.environ):
        if key.startswith("DJANGO_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("DJANGO_PRODUCTION", "1")
    return monkeypatch


def test_it_refuses_to_start_in_production_without_a_secret_key(production):
    production.setenv("DJANGO_ALLOWED_HOSTS", "example.org")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        load_settings()


def test_it_refuses_a_short_secret_key_in_production(production):
    production.setenv("DJANGO_ALLOWED_HOSTS", "example.org")
    production.setenv("DJANGO_SECRET_KEY", "too-short")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        load_settings()


def test_it_refuses_to_start_in_production_without_allowed_hosts(production):
    production.setenv("DJANGO_SECRET_KEY", secrets.token_urlsafe(45))
    with pytest.raises(ImproperlyConfigured, match="DJANGO_ALLOWED_HOSTS"):
        load_settings()


def test_it_turns_on_secure_cookies_and_hsts_in_production(production):
    production.setenv("DJANGO_SECRET_KEY", secrets.token_urlsafe(45))
    production.setenv("DJANGO_ALLOWED_HOSTS", "example.org")
    module = load_settings()
    assert module.DEBUG is False
    assert module.SESSION_COOKIE_SECURE and module.CSRF_COOKIE_SECURE
    assert module.SECURE_HSTS_SECONDS >= 31536000
    assert module.ALLOWED_HOSTS == ["example.org", "localhost"]


def test_it_runs_without_any_environment_in_development(monkeypatch):
    for key in list(os.environ):
        if key.startswith("DJANGO_"):
            monkeypatch.delenv(key)
    module = load_settings()
    assert module.DEBUG is True
    assert module.SECRET_KEY


def test_it_keeps_database_connections_with_health_checks_in_production(production):
    production.setenv("DJANGO_SECRET_KEY", secrets.token_urlsafe(45))
    production.setenv("DJANGO_ALLOWED_HOSTS", "example.org")
    production.setenv("DATABASE_URL", "postgres://app@db.example.org:5432/app")
    production.delenv("DATABASE_CONN_MAX_AGE", raising=False)
    database = load_settings().DATABASES["default"]
    assert database["CONN_MAX_AGE"] >= 60
    assert database["CONN_HEALTH_CHECKS"] is True


def test_it_opens_a_connection_per_request_in_development(monkeypatch):
    for key in list(os.environ):
        if key.startswith("DJANGO_"):
            monkeypatch.delenv(key)
    monkeypatch.delenv("DATABASE_CONN_MAX_AGE", raising=False)
    assert load_settings().DATABASES["default"]["CONN_MAX_AGE"] == 0
