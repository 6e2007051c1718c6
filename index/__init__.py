"""Keeping and finding articles: the Whoosh index (every `import whoosh` lives here)."""

from .mapped import install as _install_mapped_reads

_install_mapped_reads()
