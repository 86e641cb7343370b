// The strings of Wagtail's admin scripts that its Thai catalogue leaves in English or gets wrong. Never loaded by
// a page: `makemessages -d djangojs` reads it, so they reach locale/th/LC_MESSAGES/djangojs.po, which Wagtail's
// JavaScript catalogue (/admin/jsi18n/) merges over its own.
// Dashboard, sidebar, account menu
gettext("Main menu");
gettext("Toggle sidebar");
gettext("(New)");
gettext("(%(number)s new items in this menu)");
gettext("Page explorer");
gettext("View child pages of '%(title)s'");
// Page explorer and listings
gettext("Actions");
// Page editor
gettext("Insert a block");
gettext("More actions");
gettext("Toggle section");
gettext("Toggle side panel");
gettext("Comment");
ngettext("%(num)s error", "%(num)s errors", 1);
ngettext("%(num)s min", "%(num)s mins", 1);
gettext("Good");
// Wagtail's admin scripts: comments, rich text, StreamField, autosave (the rest of its catalogue reads well)
gettext("(1 new item in this menu)");
ngettext("%(num)s pixel", "%(num)s pixels", 1);
gettext("A network error occurred.");
gettext("A server error occurred.");
gettext("Add");
gettext("Add a comment");
gettext("Alt text");
gettext("Are you sure?");
gettext("Autosave in progress…");
gettext("Blocks");
gettext("Broken link");
gettext("Cancel");
gettext("Changes have been autosaved.");
gettext("Character count:");
gettext("Complex");
gettext("Dashboard");
gettext("Decorative image");
gettext("Delete");
gettext("Delete error");
gettext("Deleting");
gettext("Enter your comments...");
gettext("Enter your reply...");
gettext("Error while sending preview data.");
gettext("Fair");
gettext("Focus comment");
gettext("Unfocus comment");
gettext("Missing document");
gettext("Move up");
gettext("Move down");
gettext("No");
gettext("Yes");
gettext("Pages");
gettext("Pin toolbar");
gettext("Unpin toolbar");
gettext("Preview");
gettext("Reload saved content");
gettext("Reload the page");
gettext("Reply");
gettext("Report this error to your website administrator with the following information:");
gettext("Resolve");
gettext("Retry");
gettext("Save");
gettext("Save error");
gettext("Saving...");
gettext("See all");
gettext("Server Error");
gettext("Split block");
gettext("The editor just crashed. Content has been reset to the last saved version.");
gettext("The maximum number of items is %(max_num)d");
gettext("The minimum number of items is %(min_num)d");
gettext("This field is required.");
gettext("Write something or type ‘/’ to insert a block");
// Wagtail's Thai that reads wrongly here ("เกร็ดเล็กเกร็ดน้อย", trivia, for snippets; "หลายๆผู้ใช้"; typos)
gettext("Edit '%(title)s'");
