"""Signals for the security audit log (which records; this app only announces)."""

from django.dispatch import Signal

# A security administrator removed a user's two-factor devices. Sent with user=, by=, request=.
two_factor_reset = Signal()
