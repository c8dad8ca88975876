"""MkDocs glue for the help center: the ``quote`` plugin and what it renders.

The engine (``quote_engine``) knows nothing of this package; this package imports the engine,
Babel and MkDocs. The plugin's entry point is ``mkdocs_quote.plugin:QuotePlugin`` (``quote`` in
mkdocs.yml).
"""
