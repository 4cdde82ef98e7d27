"""One article, every channel (融媒体): short addresses and QR codes for print, share cards,
sitemaps and URL push for search engines, the 公众号 export.  No MkDocs import here:
``kexie.mkdocs.channels_plugin`` is the build's adapter, ``kexie.editor.cli`` the command line's."""
