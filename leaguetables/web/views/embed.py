"""Embeds: a trust's headline and rank chart for other sites to show in an iframe, and the
chart as an SVG image. The only addresses another site may frame (X-Frame-Options exempt,
`frame-ancestors *`); every other page stays DENY / 'none'. Always the public's view, whoever
is signed in: an embed is copied into pages we do not control, so it never shows a preview.
Each carries the period, the context notes, the source files and the licence."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.clickjacking import xframe_options_exempt

from leaguetables import queries
from leaguetables.models import Trust, TrustQuarter
from leaguetables.presentation import images
from leaguetables.presentation import trust as trust_page
from leaguetables.presentation.rows import LICENCE_TEXT
from leaguetables.queries import public
from leaguetables.web.views.common import render

# The site's policy with framing allowed from anywhere: for these views only.
EMBED_CSP = settings.CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", "frame-ancestors *")


def _page(code: str) -> trust_page.TrustPage:
    trust_obj, tq, history = trust_page.load(code, None)
    return trust_page.build(trust_obj, tq, history, illustrative=queries.is_illustrative(),
                            charts_wanted=False)  # fmt: skip


@xframe_options_exempt
def trust_embed(request: HttpRequest, code: str) -> HttpResponse:
    with public.viewing(public.PUBLIC):
        try:
            page = _page(code)
        except (Trust.DoesNotExist, TrustQuarter.DoesNotExist):
            raise Http404("No such trust with public results") from None
        if page.trust_code != code:
            return redirect("embed-trust", code=page.trust_code)
        response = render(request, "embed/trust.jinja", {
            "page": page, "row": page.row, "meta": page.meta,
            "illustrative": page.meta.illustrative,
            "page_url": request.build_absolute_uri(page.row.href), "licence_text": LICENCE_TEXT,
        })  # fmt: skip
    response["Content-Security-Policy"] = EMBED_CSP
    return response


def rank_chart(request: HttpRequest, code: str) -> HttpResponse:
    with public.viewing(public.PUBLIC):
        try:
            page = _page(code)
        except (Trust.DoesNotExist, TrustQuarter.DoesNotExist):
            raise Http404("No such trust with public results") from None
    chart = images.RankChart(
        trust_name=page.current.name,
        trust_code=page.trust_code,
        history=[h for h in page.history if h.rank is not None],
        league_size=page.row.league_size,
        notes=page.row.notes,
        source=page.meta.source_text,
    )
    response = HttpResponse(images.rank_svg(chart), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="{page.trust_code}-rank.svg"'
    return response
