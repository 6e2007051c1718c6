"""Getting articles: configuration, fetching, discovery, extraction and crawl state."""
