"""Extraction rules kept as data, ordered from specific to generic; each says why it is there.

extract.py holds the logic; tune a site's behaviour here or in its config's [selectors].
"""

from __future__ import annotations

import re

# JSON-LD @type values that mean "this page is one article".
ARTICLE_TYPES = {
    "article", "blogposting", "newsarticle", "techarticle", "scholarlyarticle", "report",
    "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle", "socialmediaposting",
    "liveblogposting", "medicalscholarlyarticle", "posting",
}
# @type values of pages that list articles rather than being one.
LISTING_TYPES = {"collectionpage", "searchresultspage", "itemlist", "profilepage"}

# The page's own marker of its article body, in the classes of the big WordPress themes: a
# strong hint for body.py (with itemprop=articleBody), which weighs it with the other evidence.
# Patterns on class/id "markers" are matched against lower-cased text, so they carry no re.I
# (case-insensitive matching makes these scans three times slower).
CONTENT_CLASS = re.compile(r"(?:^|\s)(entry-content|post-content|article-content|article-body|article__body)(?:\s|$)")

# Regions whose dates and links belong to other articles or to visitors (comment forms, cookie
# banners); readers' comments are told apart below.
FOREIGN_REGION_CLASS = re.compile(r"respond|cookie|consent|gdpr|disqus")
# Readers' comments. "comment" in a class is not enough: galleries call a photo's description its
# comment and sports sites call a match's live commentary "comments", and both are the story.
# Readers' comments are signed: each names its writer (a class or id word below, a <cite>,
# microdata of an author or a date), gives a <time>, offers a reply, or the region is open for
# writing (a form). A region classed as a comment counts as readers' comments only with such a
# signature inside it.
COMMENT_CLASS = re.compile(r"(?<![a-z0-9])comment")     # not "kommentar": German op-eds are Kommentare
COMMENT_SIGNATURE_CLASS = re.compile(
    r"(?<![a-z0-9])(author|user|username|avatar|gravatar|vcard|fn|nick|nickname|commenter|poster|says|reply|"
    r"replies)(?![a-z0-9])")
COMMENT_SIGNATURE_TAGS = ("time", "cite", "form", "textarea")
COMMENT_SIGNATURE_ITEMPROP = ("author", "creator", "datePublished", "dateCreated", "commentTime")
# ... but a region holding more than this share of the page's text is the page itself.
FOREIGN_MAX_SHARE = 0.5

# Tag links inside a sentence ("... said <a href="/topic/jane-doe/">Jane Doe</a>, who ...") name
# people and places the story mentions, not the page's tags: a link whose paragraph has more
# than this many characters besides links is skipped. Lists and tables are where tags live.
RUNNING_TEXT_BLOCKS = frozenset(("p", "blockquote", "dd", "figcaption"))
TAG_LIST_BLOCKS = frozenset(("li", "ul", "ol", "nav", "td", "footer", "header", "aside"))
RUNNING_TEXT_MIN_CHARS = 80

# Site chrome that lists other tags than the page's: menus, navigation bars, sidebar widgets, tag
# clouds, lists of the site's categories and pages (WordPress's `cat-item`, `page_item`), and the
# cards of related articles. Read on the ancestors of a tag link below the article element
# (tags.py), whose own classes (`tag-news`) say nothing.
TAG_CHROME_CLASS = re.compile(r"(?<![a-z0-9])(menu|navbar|navigation|dropdown|widget|tagcloud|tag-cloud|cat-item|page_item|"
                              r"related)(?![a-z0-9])")
# Sidebars hold widgets too, but some themes put the post's own tag and category box there: only
# links the system marks as the post's terms (rel="tag", rel="category tag") are kept from them.
SIDEBAR_CLASS = re.compile(r"(?<![a-z0-9])(sidebar|side-bar|side_bar)(?![a-z0-9])")
# A post's tag list or category line: an element with a class or id token such as "tags",
# "post-tags", "entry__tags", "tag-links", "taglist", "cat-links", "categories", Drupal's
# "field--name-field-tags", "schlagworte". Every short link in it is a tag, whatever its address.
# Whole tokens only (bounded by whitespace, "-" or "_"), so WordPress's post classes `tag-news`
# and `category-news` on the article itself are not lists.
TAG_LIST_CLASS = re.compile(r"(?<![^\s_-])(tags?|taglist|tag-?links|tags-?list|categories|cat-links|keywords|schlagw\w*|"
                            r"stichw\w*)(?:[-_]+(?:list|links|items?|wrap\w*|box))?(?!\S)")
# ... whose links are categories rather than tags.
CATEGORY_LIST_CLASS = re.compile(r"categor|cat-links")

# Characters around a tag link's text that are decoration, not the tag: a hashtag's sign and the
# separators of a tag line written into the links ("#Climate", "Politics,").
TAG_LABEL_DECORATION = " #,;|\u00b7\u2022"

# Keyword lists: one string holds several names ("Politics, Europe; Trade").
KEYWORD_SPLIT = re.compile(r"\s*[,;|]\s*")
# Meta tags listing a page's keywords, used when the page names no tags in links, JSON-LD or
# article:tag: news sites put their subject tags there.
KEYWORD_META = ("news_keywords", "keywords")
# More keywords than this are an SEO list, not the page's tags; a longer "keyword" is a sentence.
MAX_KEYWORD_TAGS = 12
MAX_TAG_CHARS = 60

# class/id of elements that may hold a heading ("related-title", "widget-heading").
HEADING_CLASS = re.compile(r"title|heading")

# Headings that introduce the editors' related-article block, in the languages of common themes.
RELATED_HEADING = re.compile(
    r"^\s*(related(\s+(articles?|posts?|stories|reading|content|resources))?|you (might|may) also (like|enjoy)|"
    r"read next|more (to read|articles|from|like this)|further reading|recommended( for you| reading| articles)?|"
    r"keep reading|see also)\s*:?\s*$", re.I)
# A box in which more text than this comes before the related heading holds the story too: the
# related block is only the heading and what follows it.
RELATED_STORY_BEFORE_CHARS = 200
# ... and it ends at the first block after the heading that is mostly text rather than links.
RELATED_MIN_LINK_SHARE = 0.5
# Containers that related-posts plugins emit (YARPP, Jetpack, Contextual Related Posts, themes).
# Ghost's default theme puts its post cards in a "read-more-wrap" after the post.
RELATED_CONTAINER = re.compile(r"yarpp-related|jp-relatedposts|crp_related|related-posts|related-articles|read-more-wrap")

# JSON-LD @type values of the web page itself, whose `author` names the writer when the page has no
# Article node (Yoast's graph for some posts).
PAGE_TYPES = {"webpage", "itempage"}

# Bylines: "By A", "By A and B", "Written by A, B & C", "Author: A".
# ... and their German, French, Spanish, Italian and Portuguese forms ("Von A und B", "Par A", "Por A"),
# and what is left of "Posted on <date> by A" once the date is removed.
BYLINE = re.compile(
    r"^\s*(?:(?:written|posted|published)\s+by|(?:posted|published|veröffentlicht|publié|publicado)\s+(?:on|am|le|el)\s+"
    r"(?:by|von|par|por)|by|von|vom|par|por|di|de|text\s*:|texto\s*:|autor(?:in|en|innen)?\s*:|autoren|"
    r"auteur\s*:|authors?\s*:|(?:verfasst|geschrieben|erstellt|veröffentlicht|publiziert)\s+von|"
    r"ein\s+beitrag\s+von|publicado\s+por|publié\s+par|écrit\s+par|escrito\s+por)\s+(.{2,200}?)\s*$", re.I)
# ("e" and "y" join names in Italian, Portuguese and Spanish; "e.V.", a German association, is one name.)
AUTHOR_SPLIT = re.compile(r"\s*(?:,\s*and\s+|\band\b|\bund\b|\bet\b|\by\b(?!\.)|\be\b(?!\.)|&|,|;|\||/)\s*", re.I)
# Lower-case words that names carry ("Ursula von der Leyen", "Jose de la Cruz"). A name found by a
# heuristic with another lower-case word is a phrase ("it was too late", "Tricks für zu Hause"),
# unless it is one word (a user name such as "jdoe").
NAME_PARTICLES = frozenset(("von", "vom", "van", "der", "den", "de", "da", "das", "dos", "del", "della", "di", "du",
                            "la", "le", "bin", "ibn", "al", "el", "zu", "ten", "ter", "y", "e"))
# What is left of a byline after its date is removed: "am , 13:36 Uhr", "on | 4 min read".
DATE_TAIL = re.compile(r"\s*(?:\b(am|on|le|el|il|um|at|veröffentlicht|published|posted)\b)?[\s,|·•.-]*"
                       r"(\d{1,2}\.?)?[\s,|·•.-]*(\d{1,2}:\d{2}(\s*uhr)?)?[\s,|·•.-]*$", re.I)
# A label that stands alone before the author's name ("Autor:", "Author:", "Auteur :", "Verfasser:").
AUTHOR_LABEL = re.compile(r"^\s*(?:autor(?:in|en|innen)?|authors?|auteur(?:e|s)?|verfasser(?:in)?)\s*:\s*$", re.I)
# A paragraph of the article longer than this is a sentence, not a byline.
BYLINE_PARAGRAPH_MAX_CHARS = 60
# A role after a name in a byline ("Jane Doe - Staff Writer", "Kim Lee – Safe Browsing team").
ROLE_TAIL = re.compile(r"\s+[-\u2013\u2014]\s+.*$")
# class/id of elements that hold a byline or an author's name (French "auteur" too).
AUTHOR_CLASS = re.compile(r"author|byline|autor|auteur|writer|verfasser|creator|redakteur")
# Ancestors that make an author-classed element the writer of another article: a teaser, a
# listing, a card, a sidebar widget, a list of recent or related posts.
CARD_CLASS = re.compile(r"teaser|listing|widget|sidebar|recent|related|(?<![a-z0-9])card")
# ... read on this many ancestors at most (a card is small; the page's layout wraps everything).
CARD_MAX_DEPTH = 6
# Text that is a link label or a role, never a name ("View all posts", "Zeige alle Beiträge").
NOT_A_NAME = re.compile(r"[→»«|:©*]|\b(datum|date|fecha|hace|ago|vor \d|sagt|says|publicado|veröffentlicht|published|"
                        r"please|enter|your|ihr|ihre|quelle|source|erforderlich|required|obligatoire|obligatorio)\b|\b(all|alle|posts?|beiträge|archiv\w*|more|mehr|view|zeige|profile?|articles?|"
                        r"artikel|redaktion\w* anzeigen|follow|folgen|weitere|read|lesen|e-?mail|contact|kontakt|"
                        r"share|teilen|comments?|kommentar\w*|photo|foto|bild|image|sponsored|gesponsert\w*|anzeige|werbung|advertisement)\b", re.I)
# Values that are never an author's name.
NOT_AUTHORS = re.compile(r"^(admin|administrator|editor|staff|guest|user|webmaster|team|unknown|anonymous|null|none|"
                         r"no author|autor|autorin|author|auteur|von|by|par|por|quelle|source|fuente)$", re.I)

# An editor's note that the post first appeared earlier: sets `published`, the page date becomes `updated`.
ORIGINALLY_PUBLISHED = re.compile(
    r"originally\s+(?:published|posted|written|appeared)\s+(?:on|in)?\s*"
    r"((?:[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4})|(?:\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4})|(?:[A-Z][a-z]+\.?\s+\d{4})|(?:\d{4}-\d{2}-\d{2}))",
    re.I)
# Meta names that carry the publication or modification time, most common first.
PUBLISHED_META = ("article:published_time", "datepublished", "og:published_time", "article.published", "pubdate",
                  "publishdate", "publish-date", "publication_date", "citation_publication_date",
                  "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created", "date",
                  "parsely-pub-date", "sailthru.date", "datecreated")
UPDATED_META = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "last-modified")
# Classes that mark the publication date itself (hAtom, microformats2, common themes).
PUBLISHED_CLASS = re.compile(r"(?:^|\s)(published|dt-published|entry-date|post-date|date-published|publish-date|"
                             r"posted-on|article-date|pubdate|publication-date)(?:\s|$)")
UPDATED_CLASS = re.compile(r"(?:^|\s)(updated|dt-updated|modified|date-modified|last-modified)(?:\s|$)")
# Classes or ids that speak of dates more loosely: searched after the header lines.
DATE_CLASS = re.compile(r"date|time|datum|fecha|posted|byline|meta|info|author")
# Words that label a date in the text that follows them ("Datum: 28.01.2022", "Published on ...").
DATE_LABEL_WORDS = ("Datum", "Date", "date", "Published", "published", "Posted", "Veröffentlicht", "veröffentlicht",
                    "Erstellt", "Publié", "publié", "Publicado", "publicado", "Pubblicato", "Stand", "Fecha")
MODIFIED_LABEL_WORDS = ("Aktualisiert", "aktualisiert", "Letzte Änderung", "Updated", "updated", "Modified",
                        "Mis à jour", "Actualizado")
# Dates in article URLs: /2019/10/18/, /2019-10-18-, /20191018/.
URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:[/-]|$)|/((?:19|20)\d{2})(\d{2})(\d{2})(?:/|$)|"
                      r"/(\d{2})-(\d{2})-((?:19|20)\d{2})(?:[/.-]|$)")
UPDATED_LINE = re.compile(r"^\s*(?:last\s+)?(?:updated|modified|revised)(?:\s+on)?\s*:?\s*(.+)$", re.I)
PUBLISHED_LINE = re.compile(r"^\s*(?:published|posted)(?:\s+on)?\s*:?\s*(.+)$", re.I)

# Pages served with 200 that are not articles.
# An error page's title says so up front ("404", "Error 404", "Page not found | Site"); a number
# or the words inside an article's own title ("... (No. 404)", "Not Found: Why ...") do not count.
ERROR_TITLE = re.compile(r"^\s*(?:(?:error\s*)?(?:404|410)\b|(?:page|seite|página|page non) (?:not found|nicht gefunden|"
                         r"no encontrada|trouvée)|not found\s*$|nothing found|oops)", re.I)
# Matched against lower-cased text: without re.I the scan of a page's opening text is about
# five times faster.
BOT_WALL = re.compile(
    r"checking your browser|just a moment\.\.\.|enable javascript and cookies to continue|"
    r"attention required|verify you are (?:a )?human|ddos protection by|access denied")
MIN_ARTICLE_WORDS = 60   # shorter main text with no article markup is a stub, listing or error page
# Scripts written without spaces between words (Chinese, Japanese kana and kanji): their words
# are counted from their characters.
UNSPACED_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
# A page with no article markup whose main text has at least this many headlines that link
# elsewhere, making at least this share of its paragraphs (cards left out of the text count too),
# is a listing (a hub's home page, a topic page, an archive), whatever its text.
LISTING_MIN_CARDS = 4
LISTING_CARD_SHARE = 0.5
# A main text made mostly of whole link texts (one title per line, each a link) is a listing of
# articles, however long, unless the page is marked up as an article: indexed, it would hold
# the words of every title it lists and match every search.
MAX_LINK_SHARE = 0.6

# Title suffix separators ("Article | Site", "Article - Site").
TITLE_SEPARATORS = re.compile(r"\s+[|\u2013\u2014\-:·•»]\s+")


# The CMS's post id: WordPress prints it in the shortlink and in the body's classes.
POST_ID_SHORTLINK = re.compile(r"[?&]p=(\d+)\b")
POST_ID_CLASS = re.compile(r"(?:^|\s)postid-(\d+)(?:\s|$)")


# Caps on what one page may give (a hostile page could list tens of thousands): more than any
# real article shows, so they only ever cut pages built to exhaust us.
MAX_AUTHORS = 20
MAX_TAGS = 60
MAX_RELATED = 60


# ---------------------------------------------------------------- common systems' conventions
# (Drupal, HubSpot, Ghost, WordPress themes), read by cms.py with no site configuration.

# Links to an author's page: Drupal's `/user/N`, HubSpot's `/blog/author/<slug>`, Ghost's and
# WordPress's `/author/<slug>/`, and the `/authors/`, `/people/`, `/profile/` of university themes.
AUTHOR_LINK = re.compile(r"/(?:user/\d+|(?:[\w-]+/)?authors?/[\w.%-]+|people/[\w.%-]+|profiles?/[\w.%-]+)/?$")
# RDFa properties (Drupal's rdf module, schema.org and Dublin Core) of the author and the dates.
RDFA_AUTHOR = ("schema:author", "dc:creator", "sioc:has_creator", "author", "creator")
RDFA_PUBLISHED = ("schema:datePublished", "schema:dateCreated", "dc:created", "dcterms:created", "dc:date",
                  "dc:issued", "dcterms:issued", "datePublished")
RDFA_UPDATED = ("schema:dateModified", "dc:modified", "dcterms:modified", "dateModified")
# Drupal's "Submitted by <name> on <date>" line (and "Posted by" in older themes).
SUBMITTED_BY = re.compile(r"^\s*(?:submitted|posted)\s+by\s+(.{2,120}?)(?:\s+on\s+.*)?$", re.I)
# `twitter:label1` values that say `twitter:data1` names the writer (HubSpot, Ghost, Yoast).
WRITTEN_BY_LABEL = re.compile(r"^\s*(written\s+by|author|by|verfasst\s+von|autor(?:in)?|auteur|escrito\s+por)\s*:?\s*$", re.I)
# Taxonomy term links: Drupal's `/taxonomy/term/N` (the facet comes from the field around it).
TAXONOMY_TERM = re.compile(r"/taxonomy/term/\d+/?(?:[?#]|$)")
# Field blocks per vocabulary: Drupal 8+ `field--name-field-topics`, Drupal 7 `field-name-field-topics`.
VOCABULARY_FIELD = re.compile(r"(?:^|\s)field-{1,2}name-field-([a-z0-9_-]+)(?:\s|$)")
# Link labels that invite reading a post; never a tag even when marked rel="tag" (Drupal 7's
# node links mark "Read more" so).
READ_MORE = re.compile(r"^\s*(read\s+more|continue\s+reading|read\s+on|read\s+the\s+(?:full\s+)?(?:article|post|story)|"
                       r"learn\s+more|weiterlesen|mehr\s+lesen|lire\s+la\s+suite|leer\s+m[aá]s)\b", re.I)
# Body classes of a system's basic (static) pages, which are never articles: Drupal 8+ and 7,
# Ghost, WordPress pages, HubSpot site pages.
BASIC_PAGE_CLASS = re.compile(r"(?:^|\s)(page-node-type-page|node-type-page|page-template|page-template-default|"
                              r"hs-site-page|hs-landing-page)(?:\s|$)")
# Link texts that lead to an author's page with words before the name ("All posts by", "Alles von").
LINK_BY_PREFIX = re.compile(r"^.{0,40}?\b(?:by|von|par|por|di)\s+(?=\S)", re.I)
# Ancestors of author-page links that are not the writer's (translators, commenters).
NOT_WRITER_CLASS = re.compile(r"translat|übersetz|comment|respond|reviewer|editor-note|illustrat|photograph", re.I)
