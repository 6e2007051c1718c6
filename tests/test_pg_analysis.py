"""The PostgreSQL backend's own text analysis (index/postgres/analysis.py) against the server's."""

from __future__ import annotations

import random
import string

import pytest

from index.postgres.analysis import TOKEN, Analyzer, fold, words
from tests.relevance.corpus import curated_articles


def test_fast_words_are_the_regular_expressions_words():
    rng = random.Random(5)
    alphabet = string.ascii_letters + string.digits + " _-'.,;:!?()[]{}\"\\/\n\t*&^%$#@~`|<>+=" + "éüß日本"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        assert words(text) == [fold(w) if not w.isascii() else w for w in TOKEN.findall(text.lower())], text
    assert words("Cost-of-living in O'Brien's 3.5 e-mail x_y") == ["cost", "of", "living", "in", "o", "brien", "s",
                                                                  "3", "5", "e", "mail", "x", "y"]
    assert words("a" * 101 + " ok") == ["ok"]


def test_words_are_folded_as_the_whoosh_backend_folds_them():
    from index.whoosh_engine.schema import fold as whoosh_fold

    assert words("Résumé RÉSUMÉ résume Straße ﬁle ＡＢＣ naïve") == ["resume", "resume", "resume", "strasse", "file",
                                                                    "abc", "naive"]
    for word in ("Résumé", "Ærøskøbing", "ﬂuﬀy", "Ｆｕｌｌ", "Çağrı", "Dvořák", "日本語"):
        assert words(word) == [whoosh_fold(word)], word


def test_lexemes_are_the_servers(pg_url):
    """Every lexeme of our tsvector of an article is one the server's to_tsvector('english')
    finds in the same text, and nearly all of the server's are ours (its parser also keeps
    hyphenated wholes and numbers with dots), once accents are folded as ours are (the highlight
    query adds accented words' own lexemes): what ts_headline marks is what we matched."""
    import psycopg

    analyzer = Analyzer()
    with psycopg.connect(pg_url) as conn:
        for article in curated_articles()[:10]:
            fields = [words(t) for t in (article.title, "", article.summary, article.body)]
            analyzer.learn(conn, {w for f in fields for w in f})
            head, full = analyzer.vectors(fields)
            ours = set(conn.execute("SELECT tsvector_to_array(%s::tsvector)", (full,)).fetchone()[0])
            text = " ".join((article.title, article.summary, article.body))
            folded = TOKEN.sub(lambda m: fold(m.group()) if not m.group().isascii() else m.group(), text)
            theirs = set(conn.execute("SELECT tsvector_to_array(to_tsvector('english', %s))",
                                      (folded,)).fetchone()[0])
            assert ours <= theirs, ours - theirs
            assert len(ours) >= 0.95 * len(theirs)
            weights = conn.execute("SELECT array_agg(DISTINCT w) FROM unnest(%s::tsvector) u, unnest(u.weights) w",
                                   (head,)).fetchone()[0]
            assert set(weights) == {"A", "C"}


def test_positions_skip_stop_words_and_cap_at_the_servers_limits(pg_url):
    import psycopg

    analyzer = Analyzer()
    body = words("the cost of living " + "word " * 300 + "tail " * 20000 + "last")
    with psycopg.connect(pg_url) as conn:
        analyzer.learn(conn, set(body) | {"title"})
        head, full = analyzer.vectors([["title"], [], [], body])
        assert head == "'titl':1A"
        vector = dict(conn.execute("SELECT lexeme, positions FROM unnest(%s::tsvector)", (full,)).fetchall())
    assert vector["cost"] == [2] and vector["live"] == [3]          # next to each other, as with Whoosh
    assert len(vector["word"]) == len(vector["tail"]) == 255 and vector["last"] == [16383]


@pytest.mark.parametrize("text", ["", "the of and", "!!!"])
def test_nothing_searchable_gives_empty_vectors(text):
    analyzer = Analyzer()
    analyzer.stems.update({"the": "", "of": "", "and": ""})
    analyzer.quoted.update({"the": "", "of": "", "and": ""})
    assert analyzer.vectors([words(text), [], [], []]) == ("", "")
    assert analyzer.phrase(text) is None
