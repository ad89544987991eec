"""Operations: request ids and logs, health, metrics, configuration checks, backups.

The metrics themselves are defined in core.metrics, so feature apps count what they do without
importing the composition root.
"""
