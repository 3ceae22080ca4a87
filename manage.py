#!/usr/bin/env python
import os
import secrets
import sys

# Commands that only read files and print, serving nothing and signing nothing: they run
# without a deployment's settings (a throwaway secret key), e.g. `pretag -` in a scorer.
OFFLINE_COMMANDS = {"pretag", "evaluate"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if len(sys.argv) > 1 and sys.argv[1] in OFFLINE_COMMANDS:
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(64))
        os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
