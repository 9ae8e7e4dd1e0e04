"""Both catalogs are complete: every string in the code has a Thai translation."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Every first-party app must be copied, or settings cannot import it.
SOURCES = ["manage.py", "config", "core", "network", "welfare", "reports", "templates", "locale"]


def _entries(po_path: Path) -> list[tuple[str, list[str], bool]]:
    """(msgid, msgstrs, fuzzy) of every entry but the header, read without polib."""
    entries, msgid, strs, fuzzy, current = [], None, [], False, None
    for raw in [*po_path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if msgid:
                entries.append((msgid, strs, fuzzy))
            msgid, strs, fuzzy, current = None, [], False, None
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid_plural"):
            current = "plural"
        elif line.startswith("msgid "):
            msgid, current = line[6:].strip('"'), "id"
        elif line.startswith("msgstr"):
            strs.append(line.split(" ", 1)[1].strip('"'))
            current = "str"
        elif line.startswith('"'):
            if current == "id":
                msgid = (msgid or "") + line.strip('"')
            elif current == "str":
                strs[-1] += line.strip('"')
    return entries


@pytest.mark.parametrize("language", ["th", "en"])
def test_it_has_every_committed_entry_translated(language):
    entries = _entries(ROOT / "locale" / language / "LC_MESSAGES" / "django.po")
    assert len(entries) > 100
    untranslated = [msgid for msgid, strs, fuzzy in entries if fuzzy or not all(strs)]
    assert untranslated == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is not installed")
def test_it_has_a_translation_for_every_string_in_the_code(tmp_path):
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("*.pyc"))
        else:
            shutil.copy(source, tmp_path / name)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SQLITE_NAME": str(tmp_path / "unused.sqlite3"),
    }
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "th", "-v", "0"],
        cwd=tmp_path,
        check=True,
        env=env,
    )
    entries = _entries(tmp_path / "locale" / "th" / "LC_MESSAGES" / "django.po")
    missing = [msgid for msgid, strs, fuzzy in entries if fuzzy or not all(strs)]
    assert missing == [], "Strings without a Thai translation: run makemessages and translate"


def test_it_shows_django_own_form_texts_in_thai(member):
    client = member("secretary")
    page = client.get(f"/n/{client.membership.network.slug}/partners/new/").content.decode()
    assert "- เลือก -" in page
    assert "Select an option" not in page
    person_form = client.get(f"/n/{client.membership.network.slug}/people/new/").content.decode()
    assert 'placeholder="วว/ดด/ปปปป"' in person_form
