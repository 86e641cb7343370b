"""Reading what the site sent to LINE (the message objects a push or a reply carried), as a person
would see it in the chat: its texts, its links, its answer buttons."""


def texts(node):
    """Every text a message shows (texts, alt texts, button labels), however deep."""
    if isinstance(node, dict):
        own = [value for key, value in node.items() if key in ("text", "altText", "label") and isinstance(value, str)]
        return own + [text for value in node.values() for text in texts(value)]
    if isinstance(node, list):
        return [text for item in node for text in texts(item)]
    return []


def uris(node):
    """The addresses its links open."""
    if isinstance(node, dict):
        own = [node["uri"]] if node.get("type") == "uri" else []
        return own + [uri for value in node.values() for uri in uris(value)]
    if isinstance(node, list):
        return [uri for item in node for uri in uris(item)]
    return []


def postbacks(node):
    """{label: postback data} of its answer buttons."""
    found = {}
    if isinstance(node, dict):
        if node.get("type") == "postback":
            found[node["label"]] = node["data"]
        for value in node.values():
            found.update(postbacks(value))
    elif isinstance(node, list):
        for item in node:
            found.update(postbacks(item))
    return found
