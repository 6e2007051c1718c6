"""Atom (RFC 4287) from article dicts: required elements, escaping, dates, streaming order."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timezone

from pipeline.faces.api.feeds import EPOCH, atom_feed, describe, entry_updated, feed_id, rfc3339

ATOM = "{http://www.w3.org/2005/Atom}"

ITEM = {"url": "https://hub.example/a/", "title": "Pay & <Promotion>", "author": ["Ada Lovelace", "Bo Li"],
        "published": "2024-01-02T13:00:00+00:00", "updated": "2024-03-04T08:30:00-05:00",
        "summary": "Why \x0bit pays \"off\".", "tags": [{"facet": "topic", "slug": "career-advancement",
                                                       "label": "Career Advancement"}]}


def parse(items, **kw):
    text = "".join(atom_feed(items, title=kw.pop("title", "t"), id=kw.pop("id", "urn:x"), **kw))
    return ET.fromstring(text.encode("utf-8"))


def test_feed_and_entry_carry_the_required_elements():
    feed = parse([ITEM], self_url="http://127.0.0.1:8080/feed.atom?topic=a&area=b")
    assert feed.tag == ATOM + "feed"
    assert feed.findtext(ATOM + "id") == "urn:x" and feed.findtext(ATOM + "title") == "t"
    assert feed.find(ATOM + "author/" + ATOM + "name").text == "hubindex"
    assert feed.find(ATOM + "link[@rel='self']").get("href") == "http://127.0.0.1:8080/feed.atom?topic=a&area=b"
    [e] = feed.findall(ATOM + "entry")
    assert e.findtext(ATOM + "id") == ITEM["url"]
    assert e.findtext(ATOM + "title") == "Pay & <Promotion>"
    assert e.find(ATOM + "link[@rel='alternate']").get("href") == ITEM["url"]
    assert e.findtext(ATOM + "updated") == "2024-03-04T13:30:00Z"
    assert e.findtext(ATOM + "published") == "2024-01-02T13:00:00Z"
    assert [a.findtext(ATOM + "name") for a in e.findall(ATOM + "author")] == ["Ada Lovelace", "Bo Li"]
    assert e.findtext(ATOM + "summary") == 'Why it pays "off".'       # the control character is dropped
    [c] = e.findall(ATOM + "category")
    assert (c.get("term"), c.get("scheme"), c.get("label")) == (
        "career-advancement", "urn:hubindex:facet:topic", "Career Advancement")
    assert feed.findtext(ATOM + "updated") == "2024-03-04T13:30:00Z"


def test_entries_without_dates_or_authors_stay_valid():
    feed = parse([{"url": "https://hub.example/b/", "title": "", "tags": []}])
    [e] = feed.findall(ATOM + "entry")
    assert e.findtext(ATOM + "updated") == EPOCH
    assert e.findtext(ATOM + "title") == "https://hub.example/b/"      # never an empty title
    assert e.find(ATOM + "author") is None and feed.find(ATOM + "author") is not None


def test_empty_feed_is_valid_and_updated_can_be_given():
    feed = parse([])
    assert feed.findall(ATOM + "entry") == [] and feed.findtext(ATOM + "updated")
    feed = parse([ITEM], updated="2030-01-01T00:00:00Z")
    assert [u.text for u in feed.findall(ATOM + "updated")] == ["2030-01-01T00:00:00Z"]


def test_entries_stream_before_the_feed_is_complete():
    def items():
        yield ITEM
        raise RuntimeError("not reached before the first entry is out")
    chunks = atom_feed(items(), title="t", id="urn:x")
    assert "<feed" in next(chunks) and "<entry>" in next(chunks)


def test_dates_ids_and_descriptions():
    assert rfc3339("2024-01-02T13:00:00") == "2024-01-02T13:00:00Z"
    assert rfc3339(datetime(2024, 1, 2, 14, tzinfo=timezone.utc)) == "2024-01-02T14:00:00Z"
    assert rfc3339(None) is None
    assert entry_updated({"fetched_at": "2024-05-06T07:08:09+00:00"}) == "2024-05-06T07:08:09Z"
    assert feed_id("a") == feed_id("a") != feed_id("b") and feed_id("a").startswith("urn:hubindex:feed:")
    assert describe({"topic": ["x", "y"], "area_of_study": ["e"]}, site="s", authors=["Ann"]) == \
        "area_of_study e; topic x or y; by Ann; site s"
