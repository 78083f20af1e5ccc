"""The public pages' addresses: stable interfaces (product brief), so change none lightly."""

from django.urls import path

from leaguetables.web import feeds, views
from leaguetables.web.api import api
from leaguetables.web.views import bulk, embed, health

urlpatterns = [
    path("", views.home, name="home"),
    path("leagues/<slug:league>/", views.league_latest, name="league-latest"),
    path("leagues/<slug:league>/<slug:quarter>/", views.league_table, name="league"),
    path(
        "leagues/<slug:league>/<slug:quarter>/services/<slug:service>/",
        views.service_table,
        name="service",
    ),
    path(
        "leagues/<slug:league>/<slug:quarter>/metrics/<str:metric_id>/",
        views.metric_table,
        name="metric",
    ),
    path("trusts/", views.search, name="search"),
    path("trusts/<str:code>/", views.trust, name="trust-latest"),
    path("trusts/<str:code>/<slug:quarter>/", views.trust, name="trust"),
    path("compare/", views.compare, name="compare"),
    path("releases/", views.release_calendar, name="releases"),
    path("releases/<slug:league>/<slug:quarter>/", views.release, name="release"),
    path("account/sign-in/", views.sign_in, name="sign-in"),
    path("account/sign-out/", views.sign_out, name="sign-out"),
    path("team/", views.team.home, name="team"),
    path("team/upload/", views.team.upload, name="team-upload"),
    path("team/<str:code>/statement/", views.team.statement, name="team-statement"),
    path("team/<str:code>/report/", views.team.report, name="team-report"),
    path("about/", views.about, name="about"),
    path("about/<slug:page>/", views.about, name="about-page"),
    path("health/", health.ready, name="health"),
    path("health/live", health.live, name="health-live"),
    # Open data: the API, feeds, embeds and bulk files (README: "Open data and API").
    path("api/v1/", api.urls),
    path("feeds/releases.atom", feeds.releases, name="feed-releases"),
    path("feeds/leagues/<slug:league>.atom", feeds.league, name="feed-league"),
    path("feeds/trusts/<str:code>.atom", feeds.trust, name="feed-trust"),
    path("data/bulk/", bulk.index, name="bulk"),
    path("data/bulk/<str:name>", bulk.bulk_file, name="bulk-file"),
    path("embed/trusts/<str:code>/", embed.trust_embed, name="embed-trust"),
    path("embed/trusts/<str:code>/rank.svg", embed.rank_chart, name="embed-rank-chart"),
]
