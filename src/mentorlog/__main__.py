"""`python -m mentorlog`."""

import os

if os.environ.get("MENTORLOG_SYNC_BACKGROUND"):  # the background sync of `sync init --auto` (see sync.auto):
    try:  # it yields the processor from its very start, before its imports, to the command a person waits for
        os.nice(10)
    except (AttributeError, OSError):
        pass

from mentorlog.cli import main  # noqa: E402

main()
