"""Trust communications teams' pages: their trusts, previews, statements and data problem
reports; and the editors' upload form. Every check of who may do what is in web.permissions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from leaguetables import actions, queries
from leaguetables.models import Trust
from leaguetables.nof.files import NOFFileError
from leaguetables.web import permissions
from leaguetables.web.forms import ReportForm, StatementForm, UploadForm
from leaguetables.web.views.common import HOME, render

TEAM = {"text": "Your trusts", "href": "/team/"}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    trusts = queries.team_trusts(permissions.team_trust_ids(request.user))
    return render(request, "team/home.jinja", {
        "trusts": trusts,
        "editor": permissions.is_editor(request.user),
        "statements": queries.statements_of(request.user),
        "reports": queries.reports_of(request.user),
        "breadcrumbs": [HOME],
    })  # fmt: skip


def _trust(request: HttpRequest, code: str) -> Trust:
    try:
        trust = queries.trust_by_code(code)
    except Trust.DoesNotExist:
        raise Http404("No such trust") from None
    permissions.require_team(request.user, trust)
    return trust


def _quarters(trust: Trust) -> dict[str, object]:
    """The trust's quarters this team can see (public, and its own drafts), by slug."""
    return {tq.quarter.slug: tq for tq in queries.trust_history(trust.ods_code)[1]}


def _choices(rows: dict[str, object]) -> list[tuple[str, str]]:
    return [(slug, tq.quarter.label) for slug, tq in reversed(rows.items())]


def _sent(request: HttpRequest, form, send, done: str) -> bool:
    """Send what a valid form holds to the editors; a refused text is said beside the field."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        send(form.cleaned_data)
    except actions.RefusedText as exc:
        form.add_error("text", str(exc))
        return False
    messages.success(request, done)
    return True


def _form_page(request: HttpRequest, template: str, trust: Trust, rows, form) -> HttpResponse:
    return render(request, template, {
        "trust": trust, "name": next(reversed(rows.values())).name if rows else trust.ods_code,
        "form": form, "breadcrumbs": [HOME, TEAM],
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def statement(request: HttpRequest, code: str) -> HttpResponse:
    trust = _trust(request, code)
    rows = _quarters(trust)
    form = StatementForm(request.POST or None, quarters=_choices(rows))

    def send(data) -> None:
        actions.submit_statement(trust_quarter=rows[data["quarter"]], text=data["text"],
                                 actor=request.user)  # fmt: skip

    if _sent(request, form, send, "Your statement is with the editors."):
        return redirect("team")
    return _form_page(request, "team/statement.jinja", trust, rows, form)


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, code: str) -> HttpResponse:
    trust = _trust(request, code)
    rows = _quarters(trust)
    metrics = queries.trust_metric_choices(list(rows.values()))
    form = ReportForm(request.POST or None, quarters=_choices(rows), metrics=metrics)

    def send(data) -> None:
        actions.report_problem(trust_quarter=rows[data["quarter"]], metric_id=data["metric"],
                               text=data["text"], actor=request.user)  # fmt: skip

    if _sent(request, form, send, "Your report is with the editors."):
        return redirect("team")
    return _form_page(request, "team/report.jinja", trust, rows, form)


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """An editor imports one of NHS England's files (as a draft, by default)."""
    permissions.require_editor(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            result = actions.import_file(
                content=uploaded.open("rb"),
                source=uploaded.name,
                draft=form.cleaned_data["draft"],
                published_on=form.cleaned_data["published_on"],
                actor=request.user,
            )
        except NOFFileError as exc:
            form.add_error("file", f"Rejected, nothing imported: {exc}")
    return render(request, "team/upload.jinja", {
        "form": form, "result": result, "breadcrumbs": [HOME, TEAM],
    })  # fmt: skip
