"""The whole text of a message, for its recipient: where a LINE message too long for LINE links to
(line_messages.py). Anyone else's is simply not found."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .models import Delivery


@login_required
@require_GET
def whole_message(request, key):
    delivery = get_object_or_404(Delivery, key=key, recipient=request.user)
    return render(request, "notifications/message.html", {"delivery": delivery, "content": delivery.content})
