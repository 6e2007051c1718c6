"""Keeping and finding articles: the Whoosh index (every `import whoosh` lives here)."""
