"""Local stand-ins for outside services, so tests never talk to the internet."""
