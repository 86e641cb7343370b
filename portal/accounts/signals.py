"""What accounts tells the apps above it, which it may not import (design.md: imports point one way)."""

from django.dispatch import Signal

# Sent by services.erase_account(user) inside its transaction, before anything about the person is
# anonymised: receivers free what the person held (sign-ups, feeds, files) while they can still find it.
erasing_person = Signal()  # sender: the user model; keyword: user

# Sent when a guardian is about to consent for a minor: receivers describe what taking part means
# today, as {"programmes": [names], "activity_kinds": [(value, label)]}.
describing_participation = Signal()  # sender: GuardianConsent

# Sent for "My data": receivers return the sections they hold about the person (see personal_data.py).
collecting_personal_data = Signal()  # sender: the user model; keyword: user
