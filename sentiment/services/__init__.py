"""Every write that matters in 社情民意: reports (writers and editors), bulletins, credit in the
duty files, reminders. Views and tasks call these; nothing else changes a status."""

from sentiment.services.common import SentimentError

__all__ = ["SentimentError"]
