"""allauth's own words that our Thai says otherwise, so that the site has one word for logging in
(เข้าสู่ระบบ, as on every page of ours) and tells creating an account (สมัครสมาชิก) apart from
registering for an event (ลงทะเบียน), which allauth's Thai mixes up.

Nothing calls this module: it only lists the msgids for makemessages, which keeps them in
locale/th, and our catalogue comes before allauth's (LOCALE_PATHS). Checked by
tests/portal/accounts/test_login_words.py."""

from django.utils.translation import gettext_noop

ALLAUTH_WORDS = (
    gettext_noop("Sign In"),
    gettext_noop("Sign-In Code"),
    gettext_noop("Enter Sign-In Code"),
    gettext_noop("If you have not created an account yet, then please %(link)ssign up%(end_link)s first."),
    gettext_noop("Sign in with a passkey"),
    gettext_noop("Send me a sign-in code"),
    gettext_noop("Sign Out"),
    gettext_noop("Are you sure you want to sign out?"),
    gettext_noop("You will receive a special code for a password-free sign-in."),
    gettext_noop("Other sign-in options"),
    gettext_noop("Signup"),
    gettext_noop("Sign Up"),
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s."),
    gettext_noop("Sign Up Closed"),
    gettext_noop("We are sorry, but the sign up is currently closed."),
    gettext_noop("Sign In Via %(provider)s"),
    gettext_noop("You are about to sign in using a third-party account from %(provider)s."),
    gettext_noop("Login Cancelled"),
    gettext_noop("Successfully signed in as %(name)s."),
    gettext_noop("You have signed out."),
    gettext_noop("A user is already registered with this email address."),
)
