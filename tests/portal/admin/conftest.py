from tests.factories import EventFactory

WITHIN_THE_HOUR = 1 / 24  # days_ahead for an event whose check-in is open


def make_event(programme, title, capacity=10, requires_approval=False, days_ahead=10):
    return EventFactory(
        programme=programme, title=title, capacity=capacity, requires_approval=requires_approval, days_ahead=days_ahead
    )
