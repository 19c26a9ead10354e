"""Texts of single sign-on with the identity provider (key prefix ``web``): the sign-in button,
the refusal pages and their reasons, the pages that move on by themselves."""

from __future__ import annotations

from texts.forms import Entry

MESSAGES: dict[str, Entry] = {
    "sso_button": ("Mit Dienstkonto anmelden", "Sign in with your service account"),
    "sso_intro": (
        "Melden Sie sich mit dem Konto Ihrer Behörde beim zentralen Anmeldedienst an.",
        "Sign in with your authority's account at the central sign-in service.",
    ),
    "login_intro_sso": (
        "Oder mit einem persönlichen Zugangstoken (Demo und technische Konten):",
        "Or with a personal access token (demo and technical accounts):",
    ),
    "sso_signed_in": ("Angemeldet als {name}.", "Signed in as {name}."),
    "sso_continue": ("Weiter", "Continue"),
    "sso_logging_out": (
        "Sie werden auch beim Anmeldedienst abgemeldet …",
        "Signing you out of the sign-in service too …",
    ),
    "sso_refused_title": ("Anmeldung nicht möglich", "Sign-in not possible"),
    "sso_no_role": (
        "Ihr Konto beim Anmeldedienst hat keine Rolle für rrk-triage. Bitte wenden Sie sich "
        "an die Administration Ihres Anmeldedienstes.",
        "Your account at the sign-in service has no role for rrk-triage. Please contact the "
        "administrators of your sign-in service.",
    ),
    "sso_unknown_role": (
        "Ihr Konto beim Anmeldedienst hat eine Rolle, die rrk-triage nicht kennt. Bekannt "
        "sind: caseworker, rrk_lead, policy, auditor, admin. Bitte wenden Sie sich an die "
        "Administration Ihres Anmeldedienstes.",
        "Your account at the sign-in service has a role rrk-triage does not know. Known "
        "roles: caseworker, rrk_lead, policy, auditor, admin. Please contact the "
        "administrators of your sign-in service.",
    ),
    "sso_several_roles": (
        "Ihr Konto beim Anmeldedienst hat mehrere Rollen für rrk-triage; zulässig ist genau "
        "eine. Bitte wenden Sie sich an die Administration Ihres Anmeldedienstes.",
        "Your account at the sign-in service has several rrk-triage roles; exactly one is "
        "allowed. Please contact the administrators of your sign-in service.",
    ),
    "sso_unknown_region": (
        "Ihr Konto beim Anmeldedienst nennt eine unbekannte Bezirksregierung. Bitte wenden "
        "Sie sich an die Administration Ihres Anmeldedienstes.",
        "Your account at the sign-in service names an unknown district government. Please "
        "contact the administrators of your sign-in service.",
    ),
    "sso_no_region": (
        "Ihre Rolle ist an Bezirksregierungen gebunden, Ihr Konto beim Anmeldedienst nennt "
        "aber keine. Bitte wenden Sie sich an die Administration Ihres Anmeldedienstes.",
        "Your role is bound to district governments, but your account at the sign-in "
        "service names none. Please contact the administrators of your sign-in service.",
    ),
    "sso_account": (
        "Ihr Zugang zu rrk-triage ist gesperrt oder der Benutzername ist bereits vergeben. "
        "Bitte wenden Sie sich an den Betrieb.",
        "Your access to rrk-triage is blocked or the user name is already taken. Please contact "
        "operations.",
    ),
    "sso_values": ("Übermittelt: {values}", "Sent: {values}"),
    "sso_failed_title": ("Anmeldung fehlgeschlagen", "Sign-in failed"),
    "sso_failed_text": (
        "Die Antwort des Anmeldedienstes war ungültig oder abgelaufen. Bitte melden Sie "
        "sich erneut an.",
        "The sign-in service's response was invalid or had expired. Please sign in again.",
    ),
    "sso_unavailable_text": (
        "Der Anmeldedienst ist nicht erreichbar. Bitte versuchen Sie es später erneut oder "
        "wenden Sie sich an den Betrieb.",
        "The sign-in service cannot be reached. Please try again later or contact operations.",
    ),
}
