"""pa-kg: knowledge graphs from Chinese poverty-alleviation reports."""

__version__ = "0.1.0"
