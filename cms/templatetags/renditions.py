"""`{{ image|rendition:"max-1600x1600|format-webp" }}`: one rendition of an image, as `{% image … as name %}`
gives it, but through Image.get_renditions, which reads prefetched renditions and the cache without
writing them back. Image.get_rendition (behind `{% image %}`) SETs the rendition in the cache on every
call, even one it found prefetched: 13 cache writes on each view of a 12-photo announcement."""

from django import template
from wagtail.images.shortcuts import get_renditions_or_not_found

register = template.Library()


@register.filter
def rendition(image, spec):
    if not image:
        return None
    return get_renditions_or_not_found(image, [spec])[spec]
