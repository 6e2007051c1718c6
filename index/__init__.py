"""Keeping and finding articles: the Whoosh index (every `import whoosh` lives here).

Importing the package imports no Whoosh (index/layout.py answers "is there a current index?"
without it); index/store.py makes Whoosh read segments in place (index/mapped.py).
"""
