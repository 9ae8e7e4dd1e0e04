"""Every registry is one ``core.registry.Registry``: what each holds, in its declared order.

The expected contents are written out here by hand: a new entry, a lost one or a
change of order shows up as a failure that names the registry.
"""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.audit import AUDITED
from core.imports.registry import KINDS, all_kinds
from core.navigation import LANDINGS, NAVIGATION
from core.picker import SOURCES
from core.registry import Registry
from core.reporting import MONTHLY_SECTIONS, REPORT_KINDS
from core.roles import PERMISSIONS
from network.demo import WORKSTREAM_DEMOS
from network.progress import PROVIDERS
from network.sections import SECTIONS, VillageSection

ROOT = Path(__file__).resolve().parents[2]


def test_each_registry_holds_what_the_apps_declare_in_their_order():
    all_kinds()  # import kinds are found on first use, as the admin finds admin.py
    assert {
        "village sections": SECTIONS.keys(),
        "progress providers": PROVIDERS.keys(),
        "report kinds": REPORT_KINDS.keys(),
        "monthly sections": MONTHLY_SECTIONS.keys(),
        "workstream demos": WORKSTREAM_DEMOS.keys(),
        "audited models": AUDITED.keys(),
        "import kinds": KINDS.keys(),
        "permissions": PERMISSIONS.keys(),
        "navigation": NAVIGATION.keys(),
        "landing pages": LANDINGS.keys(),
        "picker sources": SOURCES.keys(),
    } == {
        "village sections": ["welfare"],
        "progress providers": ["welfare"],
        "report kinds": ["monthly", "minutes", "welfare-board", "grant-letter", "receipt"],
        "monthly sections": ["welfare"],
        "workstream demos": ["welfare"],
        "audited models": [
            "network.village",
            "network.person",
            "network.partner",
            "network.household",
            "network.meeting",
            "network.membership",
            "welfare.programme",
            "welfare.application",
            "welfare.disbursement",
            "welfare.capacityproject",
        ],
        "import kinds": ["villages", "people", "partners", "welfare-applications"],
        "permissions": [
            "view_network",
            "view_villages",
            "edit_villages",
            "view_people",
            "edit_people",
            "view_partners",
            "edit_partners",
            "vet_partners",
            "view_meetings",
            "edit_minutes",
            "view_welfare",
            "edit_welfare",
            "review_welfare",
            "decide_welfare",
            "disburse_welfare",
            "view_reports",
            "make_reports",
            "share_reports",
            "manage_members",
        ],
        # Welfare sits between meetings and people although its app loads after network's.
        "navigation": ["home", "villages", "meetings", "welfare", "people", "partners", "reports"],
        "landing pages": ["reports"],
        "picker sources": ["people", "households", "resolutions", "partners"],
    }


def test_it_reads_entries_in_their_declared_order_not_the_order_registered():
    things = Registry("things")
    things.register("third", key="c", order=30)
    things.register("first", key="a", order=10)
    things.register("second", key="b", order=20)

    assert list(things) == ["first", "second", "third"]
    assert things.get("b") == "second"
    assert things.get("z") is None


def _register_from_here(registry, value):
    registry.register(value, key="welfare", order=1)


def test_a_duplicate_key_fails_naming_the_registry_the_key_and_both_registrants():
    things = Registry("things", owner="elsewhere")
    _register_from_here(things, "one")

    with pytest.raises(ImproperlyConfigured) as refused:
        _register_from_here(things, "two")

    message = str(refused.value)
    assert message.startswith("things: the key 'welfare' is registered twice")
    assert message.count("tests.core.test_registries (line") == 2
    assert things.get("welfare") == "one"


def test_an_app_cannot_take_a_key_another_app_registered():
    section = VillageSection("welfare", "other/section.html", "view_network", lambda r, v: {})

    with pytest.raises(ImproperlyConfigured, match="village sections: the key 'welfare'"):
        SECTIONS.register(section, order=1)

    assert SECTIONS["welfare"].template == "welfare/village_section.html"


def test_a_duplicate_registered_by_an_app_stops_start_up(tmp_path):
    """An app whose ready() takes welfare's navigation key: django.setup() refuses to start."""
    app = tmp_path / "rogue"
    app.mkdir()
    (app / "__init__.py").write_text("")
    (app / "apps.py").write_text(
        textwrap.dedent(
            """
            from django.apps import AppConfig


            class RogueConfig(AppConfig):
                name = "rogue"

                def ready(self):
                    from core.navigation import NavEntry, in_app, register_nav

                    register_nav(
                        NavEntry("welfare", "Rogue", "rogue:list", "view_network", in_app("rogue")),
                        order=1,
                    )
            """
        )
    )
    (tmp_path / "rogue_settings.py").write_text(
        "from config.settings import *  # noqa\nINSTALLED_APPS = [*INSTALLED_APPS, 'rogue']\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": f"{tmp_path}:{ROOT}",
            "DJANGO_SETTINGS_MODULE": "rogue_settings",
            "SQLITE_NAME": str(tmp_path / "unused.sqlite3"),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith(
        "django.core.exceptions.ImproperlyConfigured: navigation: the key 'welfare' "
        "is registered twice, first by welfare.apps (line"
    ), result.stderr
    assert "and again by rogue.apps (line" in last_line
