"""Which engines build the site, and proof that ours did: the plugin roster and the marks of a full build.

No MkDocs import.  ``output`` uses the standard library only: the publishing job runs it with the
runner's python3, before (or without) a venv.
"""
