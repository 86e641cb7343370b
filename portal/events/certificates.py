"""The certificate (เกียรติบัตร): an A4 landscape PDF in the Thai font Sarabun, with a QR code and
address anyone can use to check that it is genuine."""

import base64
import io

import segno
from django.template.loader import render_to_string
from django.urls import reverse

from portal.thai.fonts import pdf_fonts
from portal.thai.pdf import write_pdf

# Who issues the certificates (name, logo): the site's organisation settings, which cms keeps and
# registers here at start-up, being above events (CmsConfig.ready).
_issuer_for_request = None


def register_issuer(issuer_for_request):
    global _issuer_for_request
    _issuer_for_request = issuer_for_request


def verification_url(request, signup):
    return request.build_absolute_uri(reverse("certificate_verify", args=[signup.certificate_code]))


def _qr_data_uri(text):
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="svg", scale=4, border=1)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _logo_data_uri(image):
    """The logo as a data: URI: its rendition may be on object storage, which WeasyPrint cannot read."""
    rendition = image.get_rendition("height-160|format-png")
    with rendition.file.open("rb") as logo:
        return "data:image/png;base64," + base64.b64encode(logo.read()).decode()


def render_pdf(request, signup):
    organisation = _issuer_for_request(request)
    logo = _logo_data_uri(organisation.logo) if organisation.logo else None
    url = verification_url(request, signup)
    html = render_to_string(
        "events/certificate.html",
        {
            "signup": signup,
            "event": signup.event,
            "programme": signup.event.programme,
            "profile": getattr(signup.user, "profile", None),
            "organisation": organisation,
            "logo": logo,
            "verification_url": url,
            "qr": _qr_data_uri(url),
            **pdf_fonts(),
        },
        request=request,
    )
    return write_pdf(html, base_url=request.build_absolute_uri("/"))
