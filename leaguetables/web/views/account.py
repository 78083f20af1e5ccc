"""Signing in and out: for editors and trust teams only (everyone else needs no account).

Django's own views, with our page; django-axes counts failed attempts and pauses a source of
too many (see settings.AXES_*)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views

from leaguetables import queries
from leaguetables.web.views.common import HOME


class SignIn(auth_views.LoginView):
    template_name = "account/sign_in.jinja"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(illustrative=queries.is_illustrative(), preview=False, breadcrumbs=[HOME])
        return context


class SignOut(auth_views.LogoutView):
    """POST only (Django's LogoutView refuses GET), then back to the home page."""

    next_page = "/"


sign_in = SignIn.as_view()
sign_out = SignOut.as_view()
