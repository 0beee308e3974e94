"""allauth's pages under Dutch addresses (/account/...), included instead of ``allauth.urls``.

Same views, same URL names: reverse() and allauth's own templates and redirects work by name.
Only the routes of the features we switch on are listed (e-mail and password, TOTP and recovery
codes, OpenID Connect); tests/accounts/test_dutch_addresses.py fails when allauth, under our
settings, would offer a name this module lacks (a setting switched on, or a new allauth).

The OpenID Connect routes (``build_provider_urlpatterns``) are NOT here: they stay at
/accounts/oidc/<provider>/login/[callback/] as allauth builds them, because the callback
address is registered at the identity provider (see expertdesk/urls.py).
"""

from allauth.account import views as account
from allauth.mfa.base import views as mfa
from allauth.mfa.recovery_codes import views as recovery_codes
from allauth.mfa.totp import views as totp
from allauth.socialaccount import views as socialaccount
from django.urls import include, path, re_path

_account = [
    path("inloggen/", account.login, name="account_login"),
    path(
        "inloggen/code/bevestigen/",
        account.confirm_login_code,
        name="account_confirm_login_code",
    ),
    path("uitloggen/", account.logout, name="account_logout"),
    path("inactief/", account.account_inactive, name="account_inactive"),
    path("registreren/", account.signup, name="account_signup"),
    path("opnieuw-inloggen/", account.reauthenticate, name="account_reauthenticate"),
    path(
        "opnieuw-inloggen/code/",
        account.request_reauthentication_code,
        name="account_request_reauthentication_code",
    ),
    path(
        "opnieuw-inloggen/code/bevestigen/",
        account.confirm_reauthentication_code,
        name="account_confirm_reauthentication_code",
    ),
    path("e-mail/", account.email, name="account_email"),
    path(
        "e-mail-bevestigen/",
        account.email_verification_sent,
        name="account_email_verification_sent",
    ),
    # The key's characters as allauth accepts them (a signed value: letters, digits, - : _).
    re_path(
        r"^e-mail-bevestigen/(?P<key>[-:\w]+)/$",
        account.confirm_email,
        name="account_confirm_email",
    ),
    path("wachtwoord/wijzigen/", account.password_change, name="account_change_password"),
    path("wachtwoord/instellen/", account.password_set, name="account_set_password"),
    path("wachtwoord/herstellen/", account.password_reset, name="account_reset_password"),
    path(
        "wachtwoord/herstellen/verstuurd/",
        account.password_reset_done,
        name="account_reset_password_done",
    ),
    path(
        "wachtwoord/herstellen/gelukt/",
        account.password_reset_from_key_done,
        name="account_reset_password_from_key_done",
    ),
    re_path(
        r"^wachtwoord/herstellen/sleutel/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        account.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
]

_two_factor = [
    path("", mfa.index, name="mfa_index"),
    path("controleren/", mfa.authenticate, name="mfa_authenticate"),
    path("opnieuw-controleren/", mfa.reauthenticate, name="mfa_reauthenticate"),
    path("app/activeren/", totp.activate_totp, name="mfa_activate_totp"),
    path("app/uitschakelen/", totp.deactivate_totp, name="mfa_deactivate_totp"),
    path("herstelcodes/", recovery_codes.view_recovery_codes, name="mfa_view_recovery_codes"),
    path(
        "herstelcodes/nieuw/",
        recovery_codes.generate_recovery_codes,
        name="mfa_generate_recovery_codes",
    ),
    path(
        "herstelcodes/downloaden/",
        recovery_codes.download_recovery_codes,
        name="mfa_download_recovery_codes",
    ),
]

_single_sign_on = [
    path("", socialaccount.connections, name="socialaccount_connections"),
    path("afgebroken/", socialaccount.login_cancelled, name="socialaccount_login_cancelled"),
    path("fout/", socialaccount.login_error, name="socialaccount_login_error"),
    path("registreren/", socialaccount.signup, name="socialaccount_signup"),
]

urlpatterns = [
    *_account,
    path("tweestaps/", include(_two_factor)),
    path("koppelingen/", include(_single_sign_on)),
]
