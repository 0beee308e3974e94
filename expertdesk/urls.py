from allauth.account.decorators import secure_admin_login
from allauth.urls import build_provider_urlpatterns
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.old_addresses import redirect_to_dutch_address
from expertdesk import views

admin.site.site_header = _("expertdesk administration")
admin.site.site_title = "expertdesk"
admin.site.index_title = _("Configuration")
# The admin's own login form checks only the password: send it to allauth's, with the second factor.
admin.site.login = secure_admin_login(admin.site.login)

# JSON under /api/ (a path that matches no route), Django's page elsewhere.
handler404 = "core.api_errors.not_found"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("sessie/verlengen/", views.keep_session_alive, name="session-keepalive"),
    path("account/", include("accounts.urls")),
    path("account/", include("accounts.urls_allauth")),  # allauth's pages, Dutch addresses
    # OpenID Connect sign-in stays where allauth puts it: the callback address
    # (/accounts/oidc/<provider>/login/callback/) is registered at the identity provider.
    path("accounts/", include(build_provider_urlpatterns())),
    re_path(r"^accounts/(?P<rest>.*)$", redirect_to_dutch_address),
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include("expertdesk.api_urls")),
    path("", include("organisations.urls")),
    path("", include("experts.urls")),
    path("", include("meetings.urls")),
    path("", include("cofinancing.urls")),
    path("", include("reports.urls")),
    path("", include("requests_app.urls")),
]
