"""A client library for accessing Seedance 2.0 Mini Image-to-Video"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
