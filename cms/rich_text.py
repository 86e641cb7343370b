from django.utils.html import escape
from wagtail.admin.rich_text import DraftailRichTextArea


class RichTextArea(DraftailRichTextArea):
    """Wagtail's rich text editor. The editor always posts its own JSON; anything else (a script posting
    the form, a broken browser extension) is kept as the plain text it is, not a server error."""

    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except (ValueError, TypeError, AttributeError, KeyError):
            return f"<p>{escape(data.get(name))}</p>"
