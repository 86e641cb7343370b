"""What Wagtail's moderation e-mails tell approvers and editors (submitted, approved, rejected, comments),
which its Thai catalogue leaves in English. Listed here, they are translated in locale/th, which takes precedence.
Each msgid must be exactly Wagtail's (wagtailadmin/notifications/*), or it matches nothing."""

from django.utils.translation import gettext_noop

MISSING_FROM_WAGTAIL_MODERATION_THAI = [
    gettext_noop('The page "%(title)s" has been approved in moderation stage "%(task)s".'),
    gettext_noop('The %(model_name)s "%(title)s" has been approved in moderation stage "%(task)s".'),
    gettext_noop("You can edit the %(model_name)s here:"),
    gettext_noop('The page "%(title)s" has been approved in "%(task)s".'),
    gettext_noop('The %(model_name)s "%(title)s" has been approved in "%(task)s".'),
    gettext_noop('The page "%(title)s" has been rejected in moderation stage "%(task)s".'),
    gettext_noop('The %(model_name)s "%(title)s" has been rejected in moderation stage "%(task)s".'),
    gettext_noop('The page "%(title)s" has been rejected during "%(task)s".'),
    gettext_noop('The %(model_name)s "%(title)s" has been rejected during "%(task)s".'),
    gettext_noop('The page "%(title)s" has been submitted for approval in moderation stage "%(task)s".'),
    gettext_noop('The %(model_name)s "%(title)s" has been submitted for approval in moderation stage "%(task)s".'),
    gettext_noop("You can preview the %(model_name)s here:"),
    gettext_noop('The page "%(title)s" has been submitted for approval to moderation stage "%(task)s".'),
    gettext_noop('The %(model_name)s "%(title)s" has been submitted for approval to moderation stage "%(task)s".'),
    gettext_noop('The page "%(title)s" has been submitted for approval in moderation stage "%(task)s"'),
    gettext_noop('The %(model_name)s "%(title)s" has been submitted for approval in moderation stage "%(task)s"'),
    gettext_noop('%(editor)s has updated comments on "%(title)s".'),
    gettext_noop("New comments"),
    gettext_noop("Resolved comments"),
    gettext_noop("Deleted comments"),
    gettext_noop("New replies"),
    gettext_noop("New replies to:"),
    gettext_noop("New comments:"),
    gettext_noop("Resolved comments:"),
    gettext_noop("Deleted comments:"),
    gettext_noop("New replies:"),
    gettext_noop('%(editor)s has updated comments on "%(title)s"'),
    gettext_noop('The page "%(title)s" has been approved in workflow "%(workflow)s".'),
    gettext_noop('The %(model_name)s "%(title)s" has been approved in workflow "%(workflow)s".'),
    gettext_noop('The page "%(title)s" has been approved in "%(workflow)s".'),
    gettext_noop('The %(model_name)s "%(title)s" has been approved in "%(workflow)s".'),
    gettext_noop(
        'The page "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s" by %(rejector)s.'
    ),
    gettext_noop('The page "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s".'),
    gettext_noop('The following comment was left: "%(comment)s"'),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s" by %(rejector)s.'
    ),
    gettext_noop('The %(model_name)s "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s".'),
    gettext_noop('The page "%(title)s" has been rejected during "%(workflow)s".'),
    gettext_noop('The %(model_name)s "%(title)s" has been rejected during "%(workflow)s".'),
    gettext_noop('The page "%(title)s" has been submitted for moderation to workflow "%(workflow)s" by %(requester)s.'),
    gettext_noop('The page "%(title)s" has been submitted for moderation to workflow "%(workflow)s".'),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been submitted for moderation to workflow "%(workflow)s" by %(requester)s.'
    ),
    gettext_noop('The %(model_name)s "%(title)s" has been submitted for moderation to workflow "%(workflow)s".'),
    gettext_noop('The page "%(title)s" has been submitted to workflow "%(workflow)s"'),
    gettext_noop('The %(model_name)s "%(title)s" has been submitted to workflow "%(workflow)s"'),
]
