"""企业科协 publishing system.

Rooms (data flows top to bottom):
  core/    the domain: model, reading and validating content, catalog, views, feeds (no MkDocs)
  search/  Chinese search: segmentation and the static index
  editor/  editors' tools: command line, importer, safe file writing
  channels/ one article, every channel: short addresses and QR codes, share cards, sitemaps, 公众号 export
  mkdocs/  thin MkDocs plugins that adapt the core to MkDocs events (the only MkDocs imports)
"""
