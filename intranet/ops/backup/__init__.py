"""Backups: one tar file with the PostgreSQL dump, the media and private media folders, and a manifest
(app version, applied migrations, a SHA-256 of every member). See docs/backup.md."""


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why, for the operator."""
