from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("leaguetables.web.urls")),
]

handler400 = "leaguetables.web.views.pages.bad_request"
handler403 = "leaguetables.web.views.pages.permission_denied"
handler404 = "leaguetables.web.views.pages.not_found"
handler500 = "leaguetables.web.views.pages.server_error"
