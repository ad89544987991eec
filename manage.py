#!/usr/bin/env python
# The checkout's entry point; an installed copy has the same commands as `intranet COMMAND`.
from intranet.manage import main

if __name__ == "__main__":
    main()
