"""The Content-Security-Policy of the public pages and of the Wagtail admin (config/csp.py picks one
by path). Imported into base.py; nothing here depends on the environment."""

# Video embeds in announcements (StreamField "embed" block) come from these players.
EMBED_FRAME_SOURCES = ["https://www.youtube.com", "https://www.youtube-nocookie.com", "https://player.vimeo.com"]
# Pages have no inline scripts, styles or event handlers: everything is in static/ (tests/test_security_headers.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": EMBED_FRAME_SOURCES,
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
    }
}
# The Wagtail admin needs inline scripts and styles of its own, shows page previews in a frame of
# itself and embed thumbnails from the providers (config/csp.py).
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", "https:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'", "https://releases.wagtail.org"],  # Wagtail's new-version notice
        "frame-src": ["'self'", *EMBED_FRAME_SOURCES],
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
    }
}
