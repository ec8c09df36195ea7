"""saa: the 10-Step Strategic Account Alignment process as plain-text plans in git."""

__version__ = "0.1.0"
