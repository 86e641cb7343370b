from django import template

register = template.Library()


@register.simple_tag
def report_photo(image):
    """An address WeasyPrint can read for a print-sized copy of `image`: the local file, or its URL."""
    rendition = image.get_rendition("max-1200x900|format-jpeg")
    try:
        return rendition.file.path and f"file://{rendition.file.path}"
    except NotImplementedError:  # object storage: WeasyPrint fetches the URL
        return rendition.url
