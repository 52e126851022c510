"""`python -m mentorlog`."""

from mentorlog.cli import main

main()
