"""One exception base for Sitrep, split by what the caller should do about it."""


class SitrepError(Exception):
    """Base of every error Sitrep raises on purpose."""


class PoisonMessage(SitrepError):
    """The message can never be processed as it is: park it in the dead-letter topic and move on."""


class TransientError(SitrepError):
    """A dependency is down or slow: retry the same message later, commit nothing."""


class DeliveryError(TransientError):
    """Kafka did not acknowledge a produced message."""


class MessageTooLarge(PoisonMessage):
    """A message over the configured size limit: refused before it reaches the broker, never retried."""
