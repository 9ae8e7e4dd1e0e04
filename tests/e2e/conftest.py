"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Every test here is marked ``e2e`` and ``django_db(transaction=True)``: the live
server answers from its own thread, so the data must be committed for it to see.
"""

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM refuses to be
# called from one unless told it is safe (the Makefile sets this too).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PASSWORD = "e2e-pass-2550"
E2E_DIR = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test under tests/e2e, whatever its module declares."""
    for item in items:
        if E2E_DIR not in Path(item.fspath).parents:
            continue
        if item.get_closest_marker("e2e") is None:
            item.add_marker(pytest.mark.e2e)
        if item.get_closest_marker("django_db") is None:
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Launch the system Chromium; Playwright's own browsers are never downloaded."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: 'apt-get install chromium' to run browser tests"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    """A browser set to English, as many Thai phones are: the app must still be Thai."""
    return {**browser_context_args, "locale": "en-US"}


@dataclass
class E2EData:
    network: object
    villages: list
    people: list
    partner: object
    username: str
    password: str


@pytest.fixture
def e2e_data(transactional_db) -> E2EData:
    """One network, two villages, a few people, one partner and its secretary."""
    from django.contrib.auth.models import User

    from network.models import Membership, Network, Partner, PartnerKind, Person, Village

    network = Network.objects.create(
        name="เครือข่ายองค์กรชุมชนตำบลทดสอบ",
        slug="e2e-network",
        sub_district="ทดสอบ",
        district="เมือง",
        province="ขอนแก่น",
    )
    villages = [
        Village.objects.create(network=network, number=1, name="บ้านหนองบัว"),
        Village.objects.create(network=network, number=2, name="บ้านโนนสว่าง"),
    ]
    names = [
        ("นาย", "สมชาย", "ใจดี", villages[0]),
        ("นาง", "สมหญิง", "รักถิ่น", villages[0]),
        ("นางสาว", "มาลี", "ศรีสุข", villages[1]),
        ("นาย", "บุญมี", "มั่นคง", villages[1]),
    ]
    people = [
        Person.objects.create(
            network=network, title=title, first_name=first, last_name=last, village=village
        )
        for title, first, last, village in names
    ]
    partner = Partner.objects.create(
        network=network, name="องค์การบริหารส่วนตำบลทดสอบ", kind=PartnerKind.LOCAL_GOVERNMENT
    )
    user = User.objects.create_user(
        "e2e-secretary", password=PASSWORD, first_name="สุดา", last_name="เลขา"
    )
    Membership.objects.create(user=user, network=network, role="secretary")
    return E2EData(network, villages, people, partner, user.username, PASSWORD)


# Chromium logs every 4xx answer as a console error; a 422 is a refused form shown
# in place (core/htmx.py), which the tests check on the page instead.
REFUSAL_LOG = "the server responded with a status of 422"


@pytest.fixture
def console_errors(page) -> list[str]:
    """Console errors (CSP violations among them) and uncaught page errors."""
    errors: list[str] = []

    def on_console(msg) -> None:
        if msg.type == "error" and REFUSAL_LOG not in msg.text:
            errors.append(msg.text)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    return errors


@pytest.fixture
def login(page, live_server, e2e_data):
    """Log in through the real login form; returns the page on the network's home."""

    def do_login(username: str = e2e_data.username, password: str = e2e_data.password):
        page.goto(f"{live_server.url}/login/")
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(password)
        page.locator("form[action='/login/'] button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/n/{e2e_data.network.slug}/")
        return page

    return do_login
