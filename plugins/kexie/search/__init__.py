"""Chinese search: segmentation and the sharded static index. No MkDocs import."""
