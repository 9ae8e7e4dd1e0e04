"""Pages of the network core: home, villages, people and partners.

Every view reads the same way: scope through ``network_view`` → load through
``for_network`` → validate with a form → call a service → render or redirect.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.audit import history_of, recent_changes
from core.htmx import render_form_page, render_page, render_refusal
from core.navigation import landing_url
from core.pagination import paginate
from core.roles import Perm
from core.tenancy import NetworkRequest, network_view
from network import services
from network.filters import PartnerFilter, PersonFilter
from network.forms import PartnerForm, PartnerStatusForm, PersonForm, VillageForm
from network.models import Partner, PartnerStatus, Person, Village
from network.sections import village_sections


@network_view()
def home(request: NetworkRequest) -> HttpResponse:
    """The network's home: counts of villages, people and partners by status.

    A member who may not see it (a partner) lands on the first landing page an app
    registered that they may open (the reports).
    """
    if not request.membership.can(Perm.VIEW_NETWORK):
        landing = landing_url(request.membership)
        if landing is None:
            raise Http404
        return redirect(landing)
    network = request.network
    partner_counts = dict(
        Partner.objects.for_network(network)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    context = {
        "village_count": Village.objects.for_network(network).count(),
        "people_count": Person.objects.for_network(network).count(),
        "partner_counts": [
            (PartnerStatus(status), partner_counts.get(status, 0)) for status in PartnerStatus
        ],
        "partner_count": sum(partner_counts.values()),
        "recent": recent_changes(network, membership=request.membership),
    }
    return render_page(request, "network/home.html", context)


# Villages


@network_view(Perm.VIEW_VILLAGES)
def village_list(request: NetworkRequest) -> HttpResponse:
    """Every village of the network with its number of people and households."""
    villages = Village.objects.for_network(request.network).with_counts().order_by("number")
    return render_page(request, "network/village_list.html", {"villages": villages})


@network_view(Perm.VIEW_VILLAGES)
def village_detail(request: NetworkRequest, village_number: int) -> HttpResponse:
    """One village: its people (if the role may see them); workstreams add sections."""
    village = get_object_or_404(Village.objects.for_network(request.network), number=village_number)
    context = {
        "village": village,
        "history": history_of(village),
        "sections": village_sections(request, village),
    }
    if request.membership.can(Perm.VIEW_PEOPLE):
        people = (
            Person.objects.for_network(request.network)
            .filter(village=village)
            .select_related("household")
            .order_by("household__house_number", "first_name")
        )
        context["page"] = paginate(request, people)
    return render_page(request, "network/village_detail.html", context, partials=["results"])


@network_view(Perm.EDIT_VILLAGES)
def village_create(request: NetworkRequest) -> HttpResponse:
    """Add a village."""
    form = VillageForm(request.POST or None, network=request.network)
    if request.method == "POST" and form.is_valid():
        village = form.save()
        messages.success(request, _("Village added: %(village)s") % {"village": village})
        return redirect(village)
    return render_form_page(
        request, "network/village_form.html", {"form": form}, form=form, partials=["village-form"]
    )


@network_view(Perm.EDIT_VILLAGES)
def village_edit(request: NetworkRequest, village_number: int) -> HttpResponse:
    """Edit a village's number or name."""
    village = get_object_or_404(Village.objects.for_network(request.network), number=village_number)
    form = VillageForm(request.POST or None, instance=village, network=request.network)
    if request.method == "POST" and form.is_valid():
        village = form.save()
        messages.success(request, _("Village saved: %(village)s") % {"village": village})
        return redirect(village)
    return render_form_page(
        request,
        "network/village_form.html",
        {"form": form, "village": village},
        form=form,
        partials=["village-form"],
    )


# People


@network_view(Perm.VIEW_PEOPLE)
def person_list(request: NetworkRequest) -> HttpResponse:
    """People with active search, village filter and pagination."""
    people = Person.objects.for_network(request.network).select_related("village", "household")
    person_filter = PersonFilter(request.GET or None, queryset=people, network=request.network)
    context = {"filter": person_filter, "page": paginate(request, person_filter.qs)}
    return render_page(request, "network/person_list.html", context, partials=["results"])


@network_view(Perm.VIEW_PEOPLE)
def person_detail(request: NetworkRequest, person_id: int) -> HttpResponse:
    """One person, with their household members."""
    person = get_object_or_404(
        Person.objects.for_network(request.network).select_related("village", "household"),
        pk=person_id,
    )
    household_members = (
        Person.objects.for_network(request.network)
        .filter(household=person.household)
        .exclude(pk=person.pk)
        if person.household_id
        else Person.objects.none()
    )
    context = {
        "person": person,
        "household_members": household_members,
        "history": history_of(person),
    }
    return render_page(request, "network/person_detail.html", context)


def _person_form_page(request: NetworkRequest, person: Person | None) -> HttpResponse:
    form = PersonForm(request.POST or None, instance=person, network=request.network)
    if request.method == "POST" and form.is_valid():
        saved = services.save_person(
            person=form.save(commit=False), house_number=form.cleaned_data["house_number"]
        )
        messages.success(request, _("Saved: %(person)s") % {"person": saved})
        return redirect(saved)
    return render_form_page(
        request,
        "network/person_form.html",
        {"form": form, "person": person},
        form=form,
        partials=["person-form"],
    )


@network_view(Perm.EDIT_PEOPLE)
def person_create(request: NetworkRequest) -> HttpResponse:
    """Add a person."""
    return _person_form_page(request, None)


@network_view(Perm.EDIT_PEOPLE)
def person_edit(request: NetworkRequest, person_id: int) -> HttpResponse:
    """Edit a person."""
    person = get_object_or_404(Person.objects.for_network(request.network), pk=person_id)
    return _person_form_page(request, person)


# Partners


@network_view(Perm.VIEW_PARTNERS)
def partner_list(request: NetworkRequest) -> HttpResponse:
    """Partners with a vetting-status filter, kind filter and search."""
    partners = Partner.objects.for_network(request.network).select_related(
        "parent", "status_changed_by"
    )
    partner_filter = PartnerFilter(request.GET or None, queryset=partners)
    context = {"filter": partner_filter, "page": paginate(request, partner_filter.qs)}
    return render_page(request, "network/partner_list.html", context, partials=["results"])


@network_view(Perm.VIEW_PARTNERS)
def partner_detail(request: NetworkRequest, partner_id: int) -> HttpResponse:
    """One partner with its vetting history and, for vetters, the vetting form."""
    partner = get_object_or_404(
        Partner.objects.for_network(request.network).select_related("parent", "status_changed_by"),
        pk=partner_id,
    )
    context = {
        "partner": partner,
        "vetting_history": partner.status_changes.select_related("changed_by"),
        "history": history_of(partner),
        "status_form": PartnerStatusForm(partner=partner, member=request.membership)
        if request.membership.can(Perm.VET_PARTNERS)
        else None,
    }
    return render_page(request, "network/partner_detail.html", context)


def _partner_form_page(request: NetworkRequest, partner: Partner | None) -> HttpResponse:
    form = PartnerForm(request.POST or None, instance=partner, network=request.network)
    if request.method == "POST" and form.is_valid():
        if partner is None:
            saved = services.propose_partner(
                partner=form.save(commit=False), actor=request.user, reason=""
            )
        else:
            saved = form.save()
        messages.success(request, _("Saved: %(partner)s") % {"partner": saved})
        return redirect(saved)
    return render_form_page(
        request,
        "network/partner_form.html",
        {"form": form, "partner": partner},
        form=form,
        partials=["partner-form"],
    )


@network_view(Perm.EDIT_PARTNERS)
def partner_create(request: NetworkRequest) -> HttpResponse:
    """Propose a new partner; it starts as proposed, waiting for vetting."""
    return _partner_form_page(request, None)


@network_view(Perm.EDIT_PARTNERS)
def partner_edit(request: NetworkRequest, partner_id: int) -> HttpResponse:
    """Edit a partner's details (not its status)."""
    partner = get_object_or_404(Partner.objects.for_network(request.network), pk=partner_id)
    return _partner_form_page(request, partner)


@network_view(Perm.VET_PARTNERS)
@require_POST
def partner_vet(request: NetworkRequest, partner_id: int) -> HttpResponse:
    """Move a partner to its next vetting status, recording who, when and why."""
    partner = get_object_or_404(Partner.objects.for_network(request.network), pk=partner_id)
    form = PartnerStatusForm(request.POST, partner=partner, member=request.membership)
    if form.is_valid():
        try:
            services.change_partner_status(
                partner=partner,
                to_status=form.cleaned_data["to_status"],
                actor=request.user,
                member=request.membership,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(partner)s is now %(status)s.")
                % {"partner": partner, "status": PartnerStatus(partner.status).label},
            )
            return redirect(partner)
    context = {
        "partner": partner,
        "vetting_history": partner.status_changes.select_related("changed_by"),
        "status_form": form,
    }
    return render_refusal(request, "network/partner_detail.html", context, partials=["vetting"])
