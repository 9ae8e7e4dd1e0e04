"""The grant letter (หนังสือแจ้งอนุมัติทุน) and the payment receipt (ใบสำคัญรับเงิน) as PDFs.

Both are Thai documents handed to villagers and kept in the network's files, so
they are rendered in the network's language whatever language the person
printing them reads the app in. Amounts are printed in figures and in Thai words.

Both are made while the user waits, within the request's PDF budget
(``core.pdf.budget``: their size estimated first, then a time limit); past it
the reports archive makes them in the background, as the report kinds
``grant-letter`` and ``receipt`` (not offered on the reports page: each belongs
to one application and is opened from it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.pdf import render_pdf_pages
from core.pdf.budget import PdfEstimate, RequestPdf
from core.reporting import Progress, Rendered, ReportKind
from core.thai import baht_text
from network.models import Network
from welfare.models import (
    Application,
    ApplicationStatus,
    Disbursement,
    DisbursementMethod,
    GrantKind,
)
from welfare.permissions import WelfarePerm

GRANT_LETTER_TEMPLATE = "welfare/grant_letter_pdf.html"
RECEIPT_TEMPLATE = "welfare/receipt_pdf.html"
GRANT_LETTER_KIND = "grant-letter"
RECEIPT_KIND = "receipt"
# Networks are Thai sub-district networks: their paper is Thai whatever the UI language.
DOCUMENT_LANGUAGE = "th"
# A letter cites the resolution, it does not reproduce the minutes.
RESOLUTION_CHARS = 240
# A receipt names the purpose in a line or two (receipt_pdf.html truncates it).
RECEIPT_PURPOSE_CHARS = 160

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


def _render_document(template: str, context: dict[str, Any]) -> tuple[bytes, int]:
    """A document's PDF and its number of pages, in the network's language."""
    with translation.override(DOCUMENT_LANGUAGE):
        return render_pdf_pages(template, context)


def grant_letter_pdf(application: Application) -> bytes:
    """Render the grant letter to PDF, in Thai."""
    # Built first, so that a refusal speaks the language of whoever asked for it.
    context = grant_letter_context(application)
    return _render_document(GRANT_LETTER_TEMPLATE, context)[0]


def grant_letter_title(application: Application) -> str:
    """The letter's title in the archive: whose grant it is."""
    return _("Grant letter for %(name)s") % {"name": application.applicant.full_name}


def grant_letter_estimate(context: Mapping[str, Any]) -> PdfEstimate:
    """What the letter prints of the texts people typed: the purpose, the programme's
    rules and the cited resolution."""
    texts = (context["application"].purpose, context["rules"], context["resolution_text"])
    return PdfEstimate(chars=sum(len(text) for text in texts), rows=1)


def grant_letter_request(application: Application) -> RequestPdf:
    """The grant letter as a view offers it: made now within the budget, else in the background."""
    context = grant_letter_context(application)
    return RequestPdf(
        kind=GRANT_LETTER_KIND,
        params={"application": application.pk},
        title=grant_letter_title(context["application"]),
        filename=grant_letter_filename(application),
        estimate=grant_letter_estimate(context),
        render=lambda: _render_document(GRANT_LETTER_TEMPLATE, context)[0],
    )


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
    return _render_document(RECEIPT_TEMPLATE, receipt_context(disbursement))[0]


def receipt_title(disbursement: Disbursement) -> str:
    """The receipt's title in the archive: its number and the payee."""
    return _("Receipt %(number)s for %(name)s") % {
        "number": disbursement.receipt_number,
        "name": disbursement.application.applicant.full_name,
    }


def receipt_estimate(context: Mapping[str, Any]) -> PdfEstimate:
    """What the receipt prints of the texts people typed: the start of the purpose."""
    purpose = context["application"].purpose
    return PdfEstimate(chars=min(len(purpose), RECEIPT_PURPOSE_CHARS), rows=1)


def receipt_request(disbursement: Disbursement) -> RequestPdf:
    """The receipt as a view offers it: made now within the budget, else in the background."""
    context = receipt_context(disbursement)
    return RequestPdf(
        kind=RECEIPT_KIND,
        params={"disbursement": disbursement.pk},
        title=receipt_title(context["disbursement"]),
        filename=receipt_filename(disbursement),
        estimate=receipt_estimate(context),
        render=lambda: _render_document(RECEIPT_TEMPLATE, context)[0],
    )


def receipt_filename(disbursement: Disbursement) -> str:
    """receipt-nong-bua-R-2550-001.pdf: the slug and the receipt number, ASCII only.

    A receipt number with no ASCII letters or digits (all Thai) falls back to the id.
    """
    number = _ascii_part(disbursement.receipt_number) or str(disbursement.pk)
    slug = _ascii_part(disbursement.network.slug) or "network"
    return f"receipt-{slug}-{number}.pdf"


# The same documents as report kinds, for the background worker (and render_report)


def _find(queryset: Any, network: Network, text: str, *, invalid: str, missing: str) -> int:
    """The id of the network's row that ``text`` names; ValueError if there is none."""
    text = str(text).strip()
    if not text.isdigit():
        raise ValueError(invalid)
    # Another network's row gets the same answer as none: do not confirm it exists.
    if not queryset.for_network(network).filter(pk=int(text)).exists():
        raise ValueError(missing % {"id": text})
    return int(text)


def _parse_letter(network: Network, raw: Mapping[str, str]) -> dict[str, Any]:
    application = _find(
        Application.objects,
        network,
        raw.get("application", ""),
        invalid=_("Give the application as its id, such as 12."),
        missing=_("This network has no welfare application %(id)s."),
    )
    return {"application": application}


def _parse_receipt(network: Network, raw: Mapping[str, str]) -> dict[str, Any]:
    disbursement = _find(
        Disbursement.objects,
        network,
        raw.get("disbursement", ""),
        invalid=_("Give the payment as its id, such as 12."),
        missing=_("This network has no welfare payment %(id)s."),
    )
    return {"disbursement": disbursement}


def _letter_application(network: Network, params: Mapping[str, Any]) -> Application:
    application = (
        Application.objects.for_network(network)
        .select_related(*_APPLICATION_RELATED)
        .get(pk=params["application"])
    )
    application.network = network
    return application


def _receipt_disbursement(network: Network, params: Mapping[str, Any]) -> Disbursement:
    disbursement = (
        Disbursement.objects.for_network(network)
        .select_related(*(f"application__{name}" for name in _APPLICATION_RELATED))
        .get(pk=params["disbursement"])
    )
    disbursement.network = network
    return disbursement


def _describe_letter(network: Network, params: Mapping[str, Any]) -> str:
    return grant_letter_title(_letter_application(network, params))


def _describe_receipt(network: Network, params: Mapping[str, Any]) -> str:
    return receipt_title(_receipt_disbursement(network, params))


def _render_letter(
    network: Network, params: Mapping[str, Any], language: str, progress: Progress
) -> Rendered:
    progress(10, _("Reading the application"))
    application = _letter_application(network, params)
    context = grant_letter_context(application)
    progress(30, _("Typesetting the document"))
    pdf, pages = _render_document(GRANT_LETTER_TEMPLATE, context)
    return Rendered(
        pdf=pdf,
        tables=[],
        title=grant_letter_title(application),
        filename=grant_letter_filename(application).removesuffix(".pdf"),
        data_as_of=timezone.now(),
        pages=pages,
    )


def _render_receipt(
    network: Network, params: Mapping[str, Any], language: str, progress: Progress
) -> Rendered:
    progress(10, _("Reading the application"))
    disbursement = _receipt_disbursement(network, params)
    context = receipt_context(disbursement)
    progress(30, _("Typesetting the document"))
    pdf, pages = _render_document(RECEIPT_TEMPLATE, context)
    return Rendered(
        pdf=pdf,
        tables=[],
        title=receipt_title(disbursement),
        filename=receipt_filename(disbursement).removesuffix(".pdf"),
        data_as_of=timezone.now(),
        pages=pages,
    )


def document_report_kinds() -> list[ReportKind]:
    """The grant letter and the receipt as report kinds, for ``register_report_kind``."""
    return [
        ReportKind(
            key=GRANT_LETTER_KIND,
            label=gettext_lazy("Grant letter"),
            perm=WelfarePerm.VIEW_WELFARE,
            parse=_parse_letter,
            describe=_describe_letter,
            render=_render_letter,
            params=("application",),
            listed=False,
        ),
        ReportKind(
            key=RECEIPT_KIND,
            label=gettext_lazy("Payment receipt"),
            perm=WelfarePerm.VIEW_WELFARE,
            parse=_parse_receipt,
            describe=_describe_receipt,
            render=_render_receipt,
            params=("disbursement",),
            listed=False,
        ),
    ]
