"""The residents' pages: apply as a volunteer, check a certificate."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from centers.ratelimit import rate_limit
from volunteers.forms import CertificateLookupForm, JoinForm
from volunteers.selectors import certificate_for_verification
from volunteers.services.registration import volunteer_apply

# Per client address. A center's shared connection may register a group, so
# the join limit is not tiny; the certificate pages count page views too, so
# that numbers cannot be tried one after another.
JOIN_LIMIT = (20, 3600)
CERTIFICATE_LIMIT = (30, 600)
SESSION_KEY = "volunteer_application"


@never_cache
@rate_limit("volunteer-join", limit=JOIN_LIMIT[0], seconds=JOIN_LIMIT[1])
def join(request):
    form = JoinForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        volunteer = volunteer_apply(
            identity=form.identity,
            name=data["name"],
            phone=data["phone"],
            community=data["community"],
            skills=data["skills"],
            availability=data["availability"],
            guardian_name=data["guardian_name"],
            guardian_phone=data["guardian_phone"],
            guardian_consent=data["guardian_consent"],
        )
        request.session[SESSION_KEY] = {
            "number": volunteer.volunteer_no,
            "center": volunteer.center.name,
            "phone": volunteer.center.phone,
        }
        return redirect("volunteers:join_done")
    return render(request, "volunteers/join.html", {"form": form})


@never_cache
def join_done(request):
    """The reference number of the application just sent (kept in the session only)."""
    application = request.session.get(SESSION_KEY)
    if not application:
        return redirect("volunteers:join")
    return render(request, "volunteers/join_done.html", {"application": application})


@rate_limit(
    "volunteer-certificate",
    limit=CERTIFICATE_LIMIT[0],
    seconds=CERTIFICATE_LIMIT[1],
    methods=("GET", "POST"),
)
def certificate_lookup(request):
    form = CertificateLookupForm(request.GET if "number" in request.GET else None)
    if form.is_valid():
        number = form.cleaned_data["number"]
        return redirect(reverse("volunteers:certificate", args=[number]))
    return render(request, "volunteers/certificate_lookup.html", {"form": form})


@rate_limit(
    "volunteer-certificate",
    limit=CERTIFICATE_LIMIT[0],
    seconds=CERTIFICATE_LIMIT[1],
    methods=("GET", "POST"),
)
def certificate(request, number):
    """Anyone can check a certificate: valid, revoked, or no such certificate."""
    found = certificate_for_verification(number)
    context = {"certificate": found, "number": number, "form": CertificateLookupForm()}
    return render(request, "volunteers/certificate.html", context, status=200 if found else 404)
