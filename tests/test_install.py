"""Installs and deploys are reproducible: every install reads the hashed lock files,
which pin versions inside pyproject.toml's ranges, and the image starts without
migrating (a release step does, once)."""

import re
import shlex
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCKS = ["requirements.lock", "requirements-test.lock"]


def locked(name: str) -> dict[str, tuple[str, list[str]]]:
    """{canonical name: (version, hashes)} of a pip-compile lock file."""
    text = (ROOT / name).read_text(encoding="utf-8").replace("\\\n", " ")
    pins = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        assert not line.startswith("-"), f"{name}: an option in the lock: {line}"
        requirement, *options = shlex.split(line)
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([^\s;]+)", requirement)
        assert match, f"{name}: not an exact pin: {requirement}"
        hashes = [option.removeprefix("--hash=") for option in options]
        pins[canonicalize_name(match[1])] = (match[2], hashes)
    return pins


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", LOCKS)
def test_it_pins_every_package_with_its_hashes(name):
    pins = locked(name)
    assert len(pins) > 20
    unhashed = [pkg for pkg, (_version, hashes) in pins.items() if not hashes]
    assert unhashed == []
    assert all(h.startswith("sha256:") for _v, hashes in pins.values() for h in hashes)


@pytest.mark.parametrize(
    ("name", "extras"), [("requirements.lock", []), ("requirements-test.lock", ["test"])]
)
def test_it_locks_versions_inside_the_pyproject_ranges(name, extras):
    project = pyproject()["project"]
    wanted = list(project["dependencies"])
    for extra in extras:
        wanted += project["optional-dependencies"][extra]
    # The build backend too: the project is installed without fetching anything unhashed.
    wanted += pyproject()["build-system"]["requires"]
    pins = locked(name)
    for line in wanted:
        requirement = Requirement(line)
        version = pins.get(canonicalize_name(requirement.name), (None,))[0]
        assert version is not None, f"{requirement.name} is missing from {name}: run make lock"
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{name} pins {requirement.name}=={version}, outside {requirement.specifier}:"
            " run make lock"
        )


def test_it_locks_the_same_versions_for_running_and_for_testing():
    app, test = locked("requirements.lock"), locked("requirements-test.lock")
    assert {pkg: app[pkg][0] for pkg in app} == {pkg: test[pkg][0] for pkg in app}


def test_it_installs_from_the_locks_everywhere():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet --require-hashes -r $(LOCK)" in makefile
    assert "pip install --quiet --require-hashes -r $(TEST_LOCK)" in makefile
    assert "\nlock:" in makefile
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "pip install --require-hashes -r requirements.lock" in dockerfile
    # Only the lock, then the project itself without its (unhashed) dependencies.
    installs = re.findall(r"pip install ([^&\n\\]+)", dockerfile)
    assert all("--require-hashes" in args or "--no-deps" in args for args in installs), installs


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = "\n".join(lines).replace("\\\n", " ")
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "")
        for line in joined.splitlines()
        if line.strip()
    ]


def test_it_starts_a_container_without_migrating():
    instructions = dockerfile_instructions()
    starts = [args for op, args in instructions if op in {"CMD", "ENTRYPOINT"}]
    assert starts, "the image says how it starts"
    assert all("migrate" not in args for args in starts), starts
    assert any("gunicorn" in args for args in starts)


def test_it_documents_the_release_step_that_migrates():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docker run --rm --env-file prod.env IMAGE python manage.py migrate" in readme
