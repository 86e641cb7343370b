"""What Wagtail's editor shows around publishing and images, which its Thai catalogue leaves in English or
translates wrongly ("Update" as "ล่าสุด", latest): the status side panel, the schedule dialog, the image upload
and its duplicate warning, the add screens' breadcrumb, the autosave indicator, the footer that says autosave
is paused and why, and the form's error banner. Listed here, they are translated in locale/th, which takes
precedence; each msgid must be exactly Wagtail's, or it matches nothing."""

from django.utils.translation import gettext_noop

MISSING_FROM_WAGTAIL_EDITOR_THAI = [
    gettext_noop("Keep new image"),
    gettext_noop("Delete new image"),
    gettext_noop("Please provide an image description to comply with best practices for accessibility."),
    gettext_noop(
        "Upload successful. However, your new image seems to be a duplicate of this "
        "existing image. You may delete it if it wasn't required."
    ),
    gettext_noop("Report this error to your website administrator with the following information:"),
    gettext_noop("Update"),
    gettext_noop("Available in %(translations_total)s locales"),
    gettext_noop("Anyone can edit this %(model_name)s – lock it to prevent others from editing"),
    gettext_noop("Not visible to the public"),
    gettext_noop("Choose who can view the live version of this page"),
    gettext_noop("Expiry:"),
    gettext_noop("Edit schedule"),
    gettext_noop("View history"),
    gettext_noop("Invalid schedule"),
    gettext_noop("Go-live:"),
    gettext_noop("Once scheduled:"),
    gettext_noop("Choose when this %(model_name)s should go live and/or expire"),
    gettext_noop("Choose when this page should go live and/or expire"),
    gettext_noop('This publishing schedule will only take effect after you select the "Schedule to publish" option'),
    gettext_noop("Anyone with editing permissions can create schedules"),
    gettext_noop("But only those with publishing permissions can make them effective."),
    gettext_noop("Save schedule"),
    gettext_noop("Please type <b>%(wagtail_site_name)s</b> to confirm."),
    gettext_noop("Close dialog"),
    gettext_noop("Scheduled"),
    gettext_noop("Schedule to publish"),
    gettext_noop("New: %(model_name)s"),
    gettext_noop("Saving…"),
    gettext_noop("Saved"),
    gettext_noop("Autosave is paused"),
    gettext_noop("Autosave is <span>paused</span>"),
    gettext_noop("Saving will overwrite a newer version."),
    gettext_noop("Cannot overwrite a revision that is not the latest for this %(model_name)s."),
    gettext_noop("Cannot overwrite a revision that was not created by the current user."),
    gettext_noop("Request to edit %(model_name)s was blocked by hook."),
    gettext_noop("Request to create %(model_name)s was blocked by hook."),
    gettext_noop("View latest version"),
    gettext_noop("The %(model_name)s could not be created due to errors."),
    gettext_noop("The %(model_name)s could not be saved due to errors."),
    gettext_noop("The page could not be saved as it is locked."),
    gettext_noop("The %(model_name)s could not be saved as it is locked"),
    gettext_noop("There are validation errors, click save to highlight them."),
]
