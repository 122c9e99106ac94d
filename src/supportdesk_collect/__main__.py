"""``python -m supportdesk_collect`` and the ``supportdesk-collect`` console script."""

import sys

from supportdesk_collect.supportdesk_collect import main

if __name__ == "__main__":
    sys.exit(main())
