"""`intranet COMMAND`: Django's manage.py for an installed (non-editable) copy of the project.

The wheel has no manage.py; this entry point (pyproject.toml [project.scripts]) runs the same
commands with the project's settings, so the image, the compose file and the docs use one spelling.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line([os.path.basename(sys.argv[0]) or "intranet", *sys.argv[1:]])


if __name__ == "__main__":
    main()
