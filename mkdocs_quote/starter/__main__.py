"""``python -m mkdocs_quote.starter new DIR``, the same as ``quote-helpcenter new DIR``."""

import sys

from mkdocs_quote.starter import main

sys.exit(main())
