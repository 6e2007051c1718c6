"""The web pages of `run.py serve`: a search page, article pages and a status page for people.

- `pages`: the routes, their security headers and their errors (as pages);
- `state`: the search page's state, all of it in the URL, and the links that change it;
- `views`: what each page shows, through the `Index` methods the JSON API uses;
- `status`: each site's runs from the crawl state (read-only) and the history chart;
- `render`: the Jinja2 templates (autoescaped) and their filters.
"""
