"""Editors' tools: the command line, the raw-issue importer, safe file writing."""
