"""Who wants which messages, as the channels ask it. Notifications keeps no people of its own: the
app that does (portal.accounts) registers a directory at start-up, and the channels ask it with
users and get user ids back.

A directory has two methods, each given a list of users and returning a set of their ids:
    wants_optional_email(users)  who have not switched off optional messages by e-mail;
    wants_line(users)            who agreed to messages by LINE and have not switched them off."""

_directory = None


def register(directory):
    global _directory
    _directory = directory


def directory():
    if _directory is None:
        raise RuntimeError("No recipient directory registered: portal.accounts registers one in its ready().")
    return _directory
