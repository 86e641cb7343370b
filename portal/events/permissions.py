COORDINATORS_GROUP = "Coordinators"


def can_coordinate(user, event):
    """Admins, and coordinators of the event's programme."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return (
        user.groups.filter(name=COORDINATORS_GROUP).exists()
        and event.programme.coordinators.filter(pk=user.pk).exists()
    )
