"""The PostgreSQL backend: the only package that imports the driver (psycopg 3 and its pool)."""
