"""Thin MkDocs adapters: event handlers only; the work happens in kexie.core and kexie.search."""
