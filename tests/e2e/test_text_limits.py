"""A text past its limit in the live minutes, in Chromium: the save is refused with
a message naming the limit, and the browser keeps every character (issue 11: a
1,000,000-character discussion used to be saved)."""

import re

import pytest
from playwright.sync_api import expect

from .test_minutes import (  # noqa: F401 (minutes is a fixture)
    collect_errors,
    kept,
    log_in,
    minutes,
    state,
    textarea,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# What Chromium logs for a refused request; anything else is a failure.
REFUSAL_ERRORS = re.compile(
    r"^htmx:responseError\b|status of 4(00|13)|Response Status Error Code 4(00|13)"
)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # Within the request cap: the server names the limit.
        ("a" * 1_000_000, re.compile(r"20,000")),
        # Past the 1 MB request cap (150,000 Thai characters are 1.35 MB once
        # URL-encoded): refused before the server reads it.
        ("ก" * 150_000, re.compile(r"ยาวเกินกว่าจะบันทึกได้")),
    ],
    ids=["over-the-limit", "over-the-request-cap"],
)
def test_a_million_characters_are_refused_and_kept(
    page,
    live_server,
    e2e_data,
    minutes,  # noqa: F811 (the fixture imported above)
    text,
    shown,
):
    errors = collect_errors(page)
    log_in(page, live_server, e2e_data.username)
    page.goto(minutes.url)

    box = textarea(page, minutes)
    with page.expect_response(lambda r: minutes.is_text_post(r.request)) as answer:
        # A paste: the whole text arrives in one input event.
        box.evaluate(
            """(box, text) => {
              box.value = text;
              box.dispatchEvent(new Event("input", {bubbles: true}));
            }""",
            text,
        )
        box.press("Control+s")
    assert answer.value.status in (400, 413)

    expect(state(page, minutes)).to_have_text(shown, timeout=10_000)
    assert "<" not in state(page, minutes).inner_text()
    assert box.evaluate("(box, text) => box.value === text", text)
    assert (kept(page, minutes) or {}).get("text") == text
    assert minutes.discussion() == ""
    assert [e for e in errors if not REFUSAL_ERRORS.search(e)] == []
