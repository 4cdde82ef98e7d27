"""The domain core: model, loading, validation, catalog, views, feeds. No MkDocs import."""
