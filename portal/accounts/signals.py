"""What accounts tells the apps above it, which it may not import (design.md: imports point one way)."""

from django.dispatch import Signal

# Sent by services.erase_account(user) inside its transaction, before anything about the person is
# anonymised: receivers free what the person held (sign-ups, feeds, files) while they can still find it.
erasing_person = Signal()  # sender: the user model; keyword: user
