"""The README's copy of the role matrix is the one in code."""

from pathlib import Path

from core.roles import matrix_markdown

README = Path(__file__).resolve().parent.parent / "README.md"


def test_it_keeps_the_readme_role_matrix_equal_to_the_code():
    text = README.read_text(encoding="utf-8")
    block = text.split("<!-- roles-matrix:start -->")[1].split("<!-- roles-matrix:end -->")[0]
    assert block.strip() == matrix_markdown().strip(), "Run: manage.py roles_matrix"
