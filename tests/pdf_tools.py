"""Reading our PDFs back in tests: poppler-utils, and Thai text compared without its marks.

pdftotext may split off or reorder Thai tone marks and upper/lower vowels
(PLATFORM.md), so text is compared after ``normalise``. ``require_poppler`` (and the
``poppler`` fixture in tests/conftest.py) skips a test without poppler-utils, except
under CI (``CI`` set), where a missing poppler fails the test.
"""

import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

POPPLER = ("pdftotext", "pdffonts", "pdftoppm", "pdfinfo")
# Thai marks above and below the line, which pdftotext may split off or reorder.
THAI_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


def normalise(text: str) -> str:
    """Text as compared with a PDF's: no Thai marks, ำ read as า, no whitespace."""
    text = unicodedata.normalize("NFC", text).replace("\u0e33", "\u0e32")
    return re.sub(r"\s+", "", THAI_MARKS.sub("", text))


def have_poppler() -> bool:
    """Whether every poppler tool the tests use is installed."""
    return all(shutil.which(tool) for tool in POPPLER)


def require_poppler() -> None:
    """Skip the calling test without poppler-utils, unless under CI, where it must be."""
    import pytest

    if have_poppler():
        return
    if os.environ.get("CI"):
        pytest.fail(f"poppler-utils ({', '.join(POPPLER)}) must be installed in CI")
    pytest.skip("poppler-utils is not installed")


def run_tool(tool: str, *args: str) -> str:
    """Run a poppler tool and return what it prints."""
    executable = shutil.which(tool)
    assert executable
    result = subprocess.run(  # noqa: S603
        [executable, *args], capture_output=True, check=True, timeout=60
    )
    return result.stdout.decode()


def run_poppler(tool: str, pdf: bytes, tmp_path: Path, *options: str) -> str:
    """Write the PDF to a file, run a poppler tool over it, and return what it prints."""
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    output = ["-"] if tool == "pdftotext" else []
    return run_tool(tool, *options, str(path), *output)
