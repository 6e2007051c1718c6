"""Keeping and finding articles: the Whoosh index (every `import whoosh` lives here).

Importing the package imports no Whoosh (index/whoosh_engine/layout.py answers "is there a current index?"
without it); index/whoosh_engine/store.py makes Whoosh read segments in place (index/whoosh_engine/mapped.py).
"""
