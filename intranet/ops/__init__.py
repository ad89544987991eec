"""Operations: request ids and logs, health, metrics, configuration checks, backups.

Core layer (like intranet.audit): feature apps may import intranet.ops.metrics to count what they do;
nothing here imports a feature app at module level.
"""
