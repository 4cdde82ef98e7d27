"""The reader's side of accessibility: markup fixes for material's page shell
(valid HTML, a skip-link target), and the 长辈版 / text size / read-aloud
assets under theme_overrides/assets/kexie/reading.*.  No MkDocs import."""
