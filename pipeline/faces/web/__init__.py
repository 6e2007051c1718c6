"""The web pages of `run.py serve`: a search page, article pages and a status page for people.

- `api.web.pages`: the routes, their security headers and their errors (as pages);
- `api.web.state`: the search page's state, all of it in the URL, and the links that change it;
- `api.web.views`: what each page shows, from the library calls the JSON API makes;
- `api.web.status`: each site's runs from the crawl state (read-only) and the history chart;
- `api.web.render`: the Jinja2 templates (autoescaped) and their filters.
"""
