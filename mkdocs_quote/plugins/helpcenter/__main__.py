"""``python -m mkdocs_quote.plugins.helpcenter``: the translators' commands (status, stamp)."""

from mkdocs_quote.plugins.helpcenter.status import main

raise SystemExit(main())
