"""Settings of a daphne that checks passwords the test process hashed: the product's, with the test
suite's fast hasher (tests/conftest.py), which the product's list does not include."""

from intranet.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
