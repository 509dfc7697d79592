"""The web UI's pieces: templates, static files, and the annotated-body markup."""
