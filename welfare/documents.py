"""The grant letter (หนังสือแจ้งอนุมัติทุน) and the payment receipt (ใบสำคัญรับเงิน) as PDFs.

Both are Thai documents handed to villagers and kept in the network's files, so
they are rendered in the network's language whatever language the person
printing them reads the app in. Amounts are printed in figures and in Thai words.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core.pdf import render_pdf
from core.thai import baht_text
from welfare.models import (
    Application,
    ApplicationStatus,
    Disbursement,
    DisbursementMethod,
    GrantKind,
)

GRANT_LETTER_TEMPLATE = "welfare/grant_letter_pdf.html"
RECEIPT_TEMPLATE = "welfare/receipt_pdf.html"
# Networks are Thai sub-district networks: their paper is Thai whatever the UI language.
DOCUMENT_LANGUAGE = "th"
# A letter cites the resolution, it does not reproduce the minutes.
RESOLUTION_CHARS = 240

_APPLICATION_RELATED = (
    "network",
    "programme",
    "applicant__household__village",
    "village",
    "decided_by",
    "resolution__item__meeting",
)


def _user_name(user: AbstractBaseUser | None) -> str:
    """A user as printed on a document: full name, else the user name."""
    if user is None:
        return ""
    full_name = getattr(user, "get_full_name", lambda: "")().strip()
    return full_name or user.get_username()


def _house_number(application: Application) -> str:
    """The applicant's house number, when their household is in the application's village."""
    household = application.applicant.household
    if household is None or household.village_id != application.village_id:
        return ""
    return household.house_number


def _ascii_part(text: str) -> str:
    """Text reduced to what any file system and HTTP header accept: A-Z a-z 0-9 . _ -."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")


def _applicant_context(application: Application) -> dict[str, Any]:
    return {
        "application": application,
        "network": application.network,
        "programme": application.programme,
        "applicant": application.applicant,
        "village": application.village,
        "house_number": _house_number(application),
        # Lazy labels: they are read out in the language the template renders in.
        "kind_label": GrantKind(application.kind).label,
    }


def grant_letter_context(application: Application) -> dict[str, Any]:
    """Everything the grant letter prints; ValidationError if no grant has been approved."""
    application = Application.objects.select_related(*_APPLICATION_RELATED).get(
        pk=application.pk, network_id=application.network_id
    )
    if not application.has_grant:
        raise ValidationError(
            _(
                "A grant letter can only be printed for an approved grant; "
                "this application is “%(status)s”."
            )
            % {"status": ApplicationStatus(application.status).label},
            code="no_grant",
        )
    amount = application.approved_amount
    resolution = application.resolution
    return {
        **_applicant_context(application),
        "letter_date": application.decided_at,
        "amount": amount,
        "amount_words": baht_text(amount),
        "resolution": resolution,
        "meeting": resolution.item.meeting if resolution else None,
        "resolution_text": Truncator(resolution.text).chars(RESOLUTION_CHARS) if resolution else "",
        "report_due": application.report_due,
        "rules": application.programme.rules.strip(),
        "decided_by_name": _user_name(application.decided_by),
    }


def grant_letter_pdf(application: Application) -> bytes:
    """Render the grant letter to PDF, in Thai."""
    # Built first, so that a refusal speaks the language of whoever asked for it.
    context = grant_letter_context(application)
    with translation.override(DOCUMENT_LANGUAGE):
        return render_pdf(GRANT_LETTER_TEMPLATE, context)


def grant_letter_filename(application: Application) -> str:
    """grant-letter-nong-bua-12.pdf: the network's slug and the application's id."""
    return f"grant-letter-{_ascii_part(application.network.slug) or 'network'}-{application.pk}.pdf"


def receipt_context(disbursement: Disbursement) -> dict[str, Any]:
    """Everything the receipt prints: who paid whom, how much, how, and who recorded it."""
    disbursement = Disbursement.objects.select_related(
        "recorded_by", *(f"application__{name}" for name in _APPLICATION_RELATED)
    ).get(pk=disbursement.pk, network_id=disbursement.network_id)
    return {
        **_applicant_context(disbursement.application),
        "disbursement": disbursement,
        "amount": disbursement.amount,
        "amount_words": baht_text(disbursement.amount),
        "method_label": DisbursementMethod(disbursement.method).label,
        "recorded_by_name": _user_name(disbursement.recorded_by),
    }


def receipt_pdf(disbursement: Disbursement) -> bytes:
    """Render the payment receipt to PDF, in Thai."""
    context = receipt_context(disbursement)
    with translation.override(DOCUMENT_LANGUAGE):
        return render_pdf(RECEIPT_TEMPLATE, context)


def receipt_filename(disbursement: Disbursement) -> str:
    """receipt-nong-bua-R-2550-001.pdf: the slug and the receipt number, ASCII only.

    A receipt number with no ASCII letters or digits (all Thai) falls back to the id.
    """
    number = _ascii_part(disbursement.receipt_number) or str(disbursement.pk)
    slug = _ascii_part(disbursement.network.slug) or "network"
    return f"receipt-{slug}-{number}.pdf"
