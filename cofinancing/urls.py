"""Co-financing pages (namespace ``cofinancing``)."""

from django.urls import path

from cofinancing.views import pages, reports

app_name = "cofinancing"

urlpatterns = [
    path("coordinator/aanvragen/<int:pk>/cofinanciering/aanbod/", pages.offer, name="offer"),
    path(
        "coordinator/aanvragen/<int:pk>/uren/<int:entry_pk>/corrigeren/",
        pages.correct,
        name="correct",
    ),
    path("aanvragen/<int:pk>/cofinanciering/antwoord/", pages.answer, name="answer"),
    path("aanvragen/<int:pk>/overzicht/", reports.statement, name="statement"),
    path("aanvragen/<int:pk>/overzicht.csv", reports.statement_csv, name="statement-csv"),
    path("expert/uren/", pages.hours, name="hours"),
    path("coordinator/programma/", reports.programme, name="programme"),
    path("coordinator/programma.csv", reports.programme_csv, name="programme-csv"),
    path("coordinator/programma/grafiek.svg", reports.programme_chart, name="programme-chart"),
    path("coordinator/programma/maand-sluiten/", pages.close_month, name="close-month"),
]
