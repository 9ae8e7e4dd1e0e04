# ruff: noqa: F811
"""A refused plain (non-HTMX) POST on an application's page: the page again, the form
in place with its message and what the user typed, status 422 (core/htmx.py), and
nothing changed. Before, these redirected and the typing was lost."""

import re
from decimal import Decimal

from django.urls import reverse

from core.roles import Role

# The board's programme fixture and helpers, shared with the view tests (a fixture
# imported by name is what ruff calls a redefinition: F811 below).
from tests.welfare.test_views import application_in, programme, th, url  # noqa: F401
from welfare import services
from welfare.models import ApplicationStatus as S


def form_of(response, action: str) -> str:
    """The HTML of the form that posts to ``action`` in a page."""
    match = re.search(rf'<form [^>]*action="{re.escape(action)}".*?</form>', response.text, re.S)
    assert match, f"no form posting to {action}"
    return match.group(0)


def test_a_refused_payment_is_shown_on_the_page_with_what_was_typed(member, programme):
    application = application_in(programme, 1)
    services.approve(application=application, amount=Decimal("3000"), actor=None)
    action = url("application_disburse", application)

    response = member(Role.ACCOUNTANT).post(
        action,
        {"date": "15/10/2550", "amount": "3000.01", "method": "cash", "receipt_number": "สว.50/9"},
    )

    assert response.status_code == 422
    form = form_of(response, action)
    assert "data-refusal" in form
    assert 'value="3000.01"' in form and 'value="สว.50/9"' in form
    assert not application.disbursements.exists()


def test_an_impossible_report_due_date_is_shown_on_the_page(member, programme):
    application = application_in(programme, 1)
    services.approve(application=application, amount=Decimal("3000"), actor=None)
    services.disburse(
        application=application,
        actor=None,
        date=application.created_at.date(),
        amount=Decimal("3000"),
        method="cash",
        receipt_number="1",
    )
    application.refresh_from_db()
    action = url("application_reporting", application)

    response = member(Role.SECRETARY).post(
        action, {"report_due": "32/13/2550", "version": application.version}
    )

    assert response.status_code == 422
    form = form_of(response, action)
    assert 'class="errorlist"' in form and 'value="32/13/2550"' in form
    application.refresh_from_db()
    assert application.status == S.DISBURSED and application.report_due is None


def test_a_step_on_a_changed_application_says_so_on_the_page(member, programme):
    application = application_in(programme, 1, status=S.SUBMITTED)
    opened_at = application.version
    services.start_review(application=application, actor=None)

    response = member(Role.SECRETARY).post(
        url("application_step", application),
        {"step": "withdraw", "reason": "ได้ทุนอื่นแล้ว", "version": opened_at},
    )

    assert response.status_code == 422
    assert (
        th(
            "This application was changed by someone else after you opened it. "
            "Reload the page to see the change, then try again."
        )
        in response.text
    )
    assert "ได้ทุนอื่นแล้ว</textarea>" in response.text  # the reason typed, kept
    application.refresh_from_db()
    assert application.status == S.UNDER_REVIEW


def test_a_decision_posted_without_htmx_comes_back_on_the_application_page(member, programme):
    first = application_in(programme, 1, amount="8000")
    services.approve(application=first, amount=Decimal("8000"), actor=None)
    second = application_in(programme, 1, amount="3000")
    prefix = f"decide-{second.pk}"
    action = url("application_decide", second)

    response = member(Role.COMMITTEE).post(
        action,
        {
            f"{prefix}-decision": "approve",
            f"{prefix}-amount": "3000",
            f"{prefix}-version": second.version,
        },
    )

    assert response.status_code == 422
    form = form_of(response, action)
    assert "2,000.00" in form and 'value="3000"' in form
    second.refresh_from_db()
    assert second.status == S.UNDER_REVIEW and second.approved_amount is None


def test_a_refused_allocation_without_htmx_shows_the_board_with_the_village_open(member, programme):
    application = application_in(programme, 1)
    services.approve(application=application, amount=Decimal("4000"), actor=None)
    action = reverse("welfare:allocation_set", args=[programme.network.slug, programme.pk, 1])

    response = member(Role.SECRETARY).post(action, {"amount": "3000"})

    assert response.status_code == 422
    form = form_of(response, action)
    assert "4,000.00" in form and 'value="3000"' in form
    assert 'id="board"' in response.text  # the whole board page, not a fragment
    assert programme.allocations.get(village__number=1).amount == Decimal("10000")
