"""Serving the built site fast: precompressed copies for the web server
(precompress.py) and the inline-script hashes its Content-Security-Policy
allows (csp.py).  The nginx configuration is deploy/nginx/.  No MkDocs import."""
