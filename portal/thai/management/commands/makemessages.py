from django.core.management.commands import makemessages


class Command(makemessages.Command):
    """Django's makemessages without fuzzy matching: a new string starts untranslated instead of
    borrowing a wrong translation from a similar-looking one (the translation test then flags it).
    Locations name the file without its line numbers, so that a change elsewhere in a file does not
    rewrite every entry below it (and branches merge without conflicts in the catalogue)."""

    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching", "--add-location=file"]
    xgettext_options = [*makemessages.Command.xgettext_options, "--add-location=file"]
    msguniq_options = [*makemessages.Command.msguniq_options, "--add-location=file"]
    msgattrib_options = [*makemessages.Command.msgattrib_options, "--add-location=file"]
