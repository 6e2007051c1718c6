"""Rules of body extraction kept as data: which elements are chrome, which words in a class or
id hint at content or clutter, and the thresholds of the evidence. Each says why it is there.

body.py holds the logic. Class and id hints are weights: they tip a choice between elements,
they never remove the element that holds most of a page's text.
"""

from __future__ import annotations

import re

# Never text a reader sees as the article: code, styles, embedded media and form controls.
# Removed before anything is measured.
DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "select",
             "button", "textarea", "input", "dialog", "canvas", "video", "audio", "map", "head",
             "annotation",      # the TeX source kept beside rendered MathML
             "rt", "rp")        # ruby readings printed above the words they read

# Elements a browser does not show (a wiki's MathML kept beside the rendered formula, collapsed
# menus): left out before anything is measured.
HIDDEN_XPATH_CONDITIONS = ("@hidden", "contains(translate(@style, ' ', ''), 'display:none')")
# ... except the hidden pages of a paged text: when at least this many sibling blocks of one kind
# (tag and first class) are hidden beside one that is shown, they are a slideshow's or a set of
# tabs' pages, shown one at a time by a script. (A menu's hidden copy for small screens is one
# block, not a run of them.)
PAGER_MIN_HIDDEN = 2

# Chrome by its tag: menus, site footers, side columns, forms, captions. Dropped from the chosen
# container unless one of them holds most of its text (ASP.NET pages wrap the whole page in a
# <form>; some themes put the story in an <aside> or a <header>).
CHROME_TAGS = frozenset(("nav", "aside", "footer", "form", "figcaption", "caption", "menu"))
# Captions, unless they hold at least this share of the container's prose together: a gallery
# post tells its story in its captions.
CAPTION_TAGS = frozenset(("figcaption", "caption"))
CAPTIONS_ARE_TEXT_SHARE = 0.5
# A chrome element is kept when it holds at least this share of the container's content score.
CHROME_KEEP_SHARE = 0.5

# Elements that start a new block of text. Text between them (bare text in a div, runs of
# inline elements, lines split by <br>) is one paragraph unit of its own.
BLOCK_TAGS = frozenset((
    "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "table", "tbody", "thead",
    "tfoot", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "figure", "figcaption",
    "caption", "header", "footer", "nav", "aside", "form", "body", "html", "center", "address", "hr", "fieldset",
    "details", "summary", "menu", "hgroup", "br", "legend"))
HEADING_TAGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
# Elements that can be the article's container. A paragraph, a heading or a list item is a part
# of a story, never all of it: a one-paragraph story still has its title and its closing line
# around it.
CONTAINER_TAGS = BLOCK_TAGS - HEADING_TAGS - {"p", "li", "dt", "dd", "br", "hr", "caption", "figcaption",
                                              "legend", "summary", "pre", "blockquote"}
# Elements whose whole text, when it is a link, is a card's headline (a listing's evidence).
CARD_TAGS = frozenset(("h2", "h3", "h4", "h5", "h6", "a"))
# Elements that can be a list of links (menus, tag lists, related lists) when link-dense.
# Paragraphs and spans are not: a sentence that is mostly a citation is still text.
LIST_LIKE_TAGS = frozenset(("ul", "ol", "dl", "div", "section", "table", "tbody", "tr", "td", "nav", "aside",
                            "footer", "header"))

# class/id words of containers of the story (schema.org microdata is handled as itemprop).
# Lower-cased markers, matched as whole words separated by - or _ or spaces.
CONTENT_HINT = re.compile(
    r"(?<![a-z0-9])(article|articlebody|article-?body|article-?content|article-?text|entry-?content|"
    r"post-?content|post-?body|post-?text|story|story-?body|story-?content|content|main-?content|"
    r"body-?text|blog-?post|text|prose|rich-?text|markdown|page-?content|single-?content|td-post-content)"
    r"(?![a-z0-9])")
# class/id words of clutter: sharing, related lists, comments, ads, menus, side columns. (A region
# classed as a comment is clutter when it is signed like readers' comments: selectors.COMMENT_CLASS.)
NOISE_HINT = re.compile(
    r"(?<![a-z0-9])(share|sharing|sharedaddy|social|addtoany|shariff|related|yarpp|jp-relatedposts|"
    r"crp_related|recirc|more-?stories|most-?(?:read|popular|viewed)|trending|popular|recommend\w*|"
    r"respond|discussion|disqus|newsletter|subscribe|signup|cookie|consent|gdpr|"
    r"banner|sidebar|side-?bar|breadcrumbs?|modal|popup|skip-?link|screen-reader-text|"
    r"post-?navigation|pagination|pager|author-?(?:box|bio|info|description|details|card|profile)|about-?the-?author|"
    r"advert\w*|ads?|ad-?slot|adsense|sponsor\w*|promo\w*|cta|back-?link|menu|nav|navbar|navigation|"
    r"footer|masthead|toolbar|outbrain|taboola|sr-only|visually-?hidden|"
    r"disclaimer|disclosure)(?![a-z0-9])")     # legal notes under every post (advertisers, opinions)
# Weaker words: a caption, a tag list, a byline or a teaser is clutter only with evidence (short,
# or mostly links); theme builders also put these words on wrappers of ordinary paragraphs (page
# builders call every block of text a "widget").
WEAK_NOISE_HINT = re.compile(
    r"(?<![a-z0-9])(byline|post-?meta|entry-?meta|entry-?footer|meta|tags?|tag-?list|tag-?cloud|categories|"
    r"caption|wp-caption-text|legend|credits?|photo-?credit|image-?credit|copyright|print|rating|teaser|dateline|"
    r"timestamp|info|date|widget)(?![a-z0-9])")
# The evidence a weakly hinted element needs to be left out: less prose than this (characters) ...
WEAK_NOISE_MAX_PROSE = 200
# ... or more than this share of link text.
WEAK_NOISE_LINK_DENSITY = 0.3
# Short lines are not evidence when there are many of them and they are not links: a recipe's
# ingredients or a table of figures in a block classed "print-area" or "info" is content, while
# a byline or a date line is one or two lines and a tag list is links.
WEAK_HINT_TABLE_UNITS = 8
WEAK_HINT_TABLE_LINK_DENSITY = 0.2
# Positive and negative weights of a hinted element's content score (multipliers). The page's
# own article-body markers (the classes of selectors.CONTENT_CLASS, itemprop=articleBody) are
# surer than a content word in a class.
CONTENT_HINT_WEIGHT = 1.25
CONTENT_CLASS_WEIGHT = 1.5
ARTICLE_BODY_WEIGHT = 1.875
NOISE_HINT_WEIGHT = 0.2
# A hinted element is treated as clutter only while it holds less than this share of the page's
# prose, or less than the first share when it also holds the headline: "tag-news", "widget-wrap"
# or "comments-enabled" on the post's own wrapper is not clutter, while an author's box that is
# longer than a short post still is.
NOISE_MAX_SHARE = 0.4
NOISE_PROTECT_SHARE = 0.7

# A container named by the page itself (itemprop=articleBody, the article-body classes of the
# big themes) is taken as the first choice when it holds at least this much prose (characters)
# and this share of the page's prose: below that it is a teaser or an empty template slot.
STRONG_HINT_MIN_PROSE = 400
STRONG_HINT_MIN_SHARE = 0.15

# Evidence of one paragraph unit. A unit's score is its text outside links beyond a constant
# (short lines such as menu entries and labels add nothing), plus a bonus per punctuation mark
# (prose has commas and full stops, menus do not), minus its link text times a factor, at most
# a cap (one long row of links must not cancel a paragraph). A unit scoring above zero is prose;
# an element's score sums its units' positive scores (links then discount it as a whole).
UNIT_BASE_PENALTY = 25
PUNCT_BONUS = 8
PUNCT_BONUS_MAX = 12
LINK_PENALTY = 1.5
UNIT_MAX_PENALTY = 150
PUNCTUATION = ".,;:!?。、，"
# Units before the headline are mostly the site's header and menus.
BEFORE_HEADLINE_WEIGHT = 0.5

# The standfirst: prose between the headline and the chosen container, inside the element that
# holds both, is part of the article when each unit has at least this many characters.
LEAD_MIN_CHARS = 80

# Choosing the container: from the best-scoring element, go down to a child that keeps at least
# this share of its score (the tightest element that still holds the story).
DESCEND_SHARE = 0.8
# Joining split bodies: a sibling of the chosen container is added when it has at least this
# share of its score and little link text, or when it has the same tag and class.
SIBLING_SHARE = 0.2
SIBLING_MAX_LINK_DENSITY = 0.3

# A picture with a little text beside it, in a block of its own, is a picture and its caption
# or credit ("Photo: ...", a legend under an image), not a paragraph of the story. Paragraphs and
# list items with an icon inside are not such blocks.
PICTURE_BLOCK_TAGS = frozenset(("div", "figure", "span", "a", "td", "table", "section", "center"))
PICTURE_BLOCK_MAX_CHARS = 250

# A card inside the container: a block that opens with a headline linking to another page,
# followed by a teaser of at most this much prose (a grid of other posts, a "more from" box).
CARD_BLOCK_TAGS = frozenset(("div", "li", "article", "section"))
CARD_MAX_PROSE = 400
# ... whose headline has at least this many words: a forum post opens with its author's name,
# linked to a profile, and is not a card.
CARD_MIN_TITLE_WORDS = 4

# Link-dense blocks inside the container are lists of other pages (menus, related lists, tag
# lists): dropped when more than this share of their text is link text...
LINK_DENSE = 0.5
# ... and they are not long (a paragraph full of citations keeps its text) ...
LINK_DENSE_MAX_CHARS = 1200
# ... and no paragraph in them has this much prose outside links (a story with links to other
# stories between its paragraphs is still the story).
LINK_DENSE_KEEPS_PARAGRAPH = 150

# Recovery: when the cleaned text keeps less than this share of the page's prose, the choice was
# wrong (a teaser list, a standfirst, a licence note), and another is tried ...
MIN_SHARE_OF_PROSE = 0.2
# ... that is: the deepest element holding at least this share of the page's prose.
RECOVERY_SHARE = 0.5
# When the container keeps no text at all, its ancestors are tried, up to this many levels.
WIDEN_LEVELS = 4

# Headings that open a block after the story: related reading, the author's box, comments,
# sources to share. From such a heading to the end of its section is left out (while small).
END_HEADING = re.compile(
    r"^\W*(related( posts| articles| stories| content| reading)?|you (may|might) also (like|enjoy)|"
    r"read (next|more|also)|more (from|on|about|stories|articles|to read)\b.*|further reading|recommended.*|"
    r"about the author|(leave a |\d+ )?(comments?|replies|reply)|share (this|the).*|"
    r"(leave|post|add|write) a (comment|reply)|join the (discussion|conversation)|"
    r"kommentieren sie|kommentar (schreiben|verfassen|hinterlassen)|schreibe(n sie)? einen kommentar|"
    r"diskutieren sie mit|lais(ser|sez) un commentaire|(deja|escribe) (un|tu) comentario|"
    r"(das )?könnte (sie|dich) auch interessieren|auch interessant|lesen sie (auch|mehr)|weitere (artikel|beiträge|themen)|"
    r"ähnliche (artikel|beiträge|rezepte)|mehr zum thema|mehr (aus|von|zu)\b.*|über (den|die) autor(in)?|"
    r"zum autor|fragen an (den|die) autor(in)?|(\d+ )?kommentare?|diskussion|dazu passend\w*|"
    r"à lire aussi|lire aussi|sur le même sujet|articles? (similaires|liés)|(\d+ )?commentaires?|vos réactions|réagissez|"
    r"te puede interesar|(noticias|artículos) relacionad[oa]s|más noticias|(\d+ )?comentarios|"
    r"potrebbe interessarti|leggi anche)\W*$")

# A unit that is this share link text or more is a link (a card's headline, a menu entry).
LINKED_UNIT_SHARE = 0.9
# Labels and headings are short: the line patterns below apply to units shorter than this.
SHORT_LINE_CHARS = 60

# Short lines that are chrome wherever they stand (share bars, ad labels, jump links), in the
# languages of the pages we crawl; matched against a whole unit, lower-cased.
BOILERPLATE_LINE = re.compile(
    r"^\W*(share( this( article| story| post)?)?( on \w+)?|tweet|pin it|email|print|advertisement|anzeige|"
    r"werbung|publicité|publicidad|scroll to top|back to top|nach oben|zurück nach oben|skip to (main )?content|"
    r"read more|weiterlesen|mehr lesen|lire la suite|leer más|continue reading|click to share.*|teilen|"
    r"partager|compartir|related( posts| articles| stories)?|you (may|might) also like|sponsored|"
    r"follow us.*|subscribe( now)?|sign up.*newsletter.*|loading\.*|\d+ comments?|leave a (comment|reply)|"
    r"comments are closed|kommentare sind geschlossen|die kommentarfunktion ist (deaktiviert|geschlossen)|"
    r"les commentaires sont fermés|los comentarios están cerrados|"
    r"mit freunden teilen|rezept drucken|drucken|quellen (aus|ein)blenden|externer inhalt|"
    r"(bild (vergrößern|anzeigen|schließen) ?)+|"
    r"artikel (teilen|drucken|merken)|zur startseite|noch keine bewertungen|\(noch keine bewertungen\)|"
    r"kontakt|contact( us)?|.{0,40}\b(teilen|partager|compartir|condividi)\b.{0,25})\W*$")

# Lines a blog engine prints under every post ("This entry was posted on ... and filed under ..."),
# a picture credit standing alone ("(Name / Agency.com)", "Photo: Name"), or a server's warning
# printed into the page: chrome at any length.
POST_META_LINE = re.compile(
    r"^(this entry was posted|this (post|entry) was (written|filed)|der beitrag wurde am|dieser (beitrag|eintrag) "
    r"wurde (am|unter|in|veröffentlicht)|ce (billet|article) a été (publié|posté)|esta entrada (fue|se) publicó|"
    r"(warning|notice|deprecated|fatal error|parse error): .{0,300} on line \d+|"
    r"(photo|foto|bild|image|picture|credit|quelle|source|fotos?)\s*(©|:)\s*[^.]{0,80}$|©\s*[^.]{0,80}$)")
