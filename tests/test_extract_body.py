"""Body extraction on page structures seen on sites built by others, one table per way it can fail.

Every page here is small and written for these tests: it reproduces a structure (wrappers,
class names, where the text sits), never a real page's text. Each case says which words must be
in the body and which must not.
"""

from __future__ import annotations

import pytest

from pipeline.core.errors import NotAnArticle
from pipeline.extraction.extract import extract_html

URL = "https://news.example/2024/05/harbour-ferries/"

# The story: six paragraphs, each with a marker word found nowhere else on the pages.
STORY = [
    "The harbour ferries will run every twenty minutes from June, the port authority said on Tuesday, "
    "after a winter in which crossings were cut to one an hour. Marker alpha.",
    "Commuters on the northern shore had complained for months that the reduced timetable made them late, "
    "and a petition gathered more than four thousand names. Marker bravo.",
    "Two of the older boats will be refitted with electric engines, which the authority expects to halve "
    "fuel costs over the next decade while cutting noise in the bay. Marker charlie.",
    "Fares will not change this year, although a review of concession tickets for students and retired "
    "people is due to report in the autumn. Marker delta.",
    "Dock workers welcomed the decision but warned that the piers at the eastern terminal need repairs "
    "before the busier schedule can begin safely. Marker echo.",
    "The authority said it would publish the full timetable online next week and keep the night service "
    "on Fridays and Saturdays through the summer. Marker foxtrot.",
]
MARKERS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"]

NAV = ('<nav class="site-menu"><ul><li><a href="/">Home</a></li><li><a href="/city/">City</a></li>'
       '<li><a href="/sport/">Sport</a></li><li><a href="/culture/">Culture</a></li>'
       '<li><a href="/weather/">Weather outlook</a></li></ul></nav>')
FOOTER = ('<footer><p>Copyright News Example. All rights reserved, imprint and privacy notice.</p>'
          '<ul><li><a href="/about/">About us</a></li><li><a href="/jobs/">Jobs board</a></li></ul></footer>')


def paras(tag: str = "p", items=STORY) -> str:
    return "".join(f"<{tag}>{text}</{tag}>" for text in items)


def page(body: str, head: str = "") -> str:
    return (f"<html><head><title>Ferries every twenty minutes | News Example</title>{head}</head>"
            f"<body><header><a href='/'>News Example</a>{NAV}</header>{body}{FOOTER}</body></html>")


def body_of(html: str) -> str:
    return extract_html(html, URL, require_article=False).body


def check(html: str, present=MARKERS, absent=()) -> None:
    body = body_of(html)
    for word in present:
        assert word in body, f"{word!r} missing from the body:\n{body}"
    for text in absent:
        assert text not in body, f"{text!r} should not be in the body:\n{body}"
    for text in ("Weather outlook", "Jobs board", "All rights reserved"):
        assert text not in body, f"chrome {text!r} in the body:\n{body}"


H1 = "<h1>Ferries every twenty minutes</h1>"
SIDEBAR = ('<aside class="sidebar"><h3>Most read</h3><ul><li><a href="/a/">Council votes on parking fees</a></li>'
           '<li><a href="/b/">New bakery opens on the quay</a></li><li><a href="/c/">Storm closes the coast road</a></li>'
           "</ul></aside>")

# 1. A wrapper holding the whole story carries a clutter word among its class tokens.
WRAPPERS = [
    ("wordpress-tag-class", f'<div id="post-12" class="post-12 post type-post tag-transport tag-harbour">{H1}{paras()}</div>'),
    ("builder-widget-wrap", f'<div class="builder-column"><div class="builder-widget-wrap">{H1}{paras()}</div></div>'),
    ("content-with-sidebar", f'<div class="layout content-with-sidebar"><main>{H1}{paras()}</main>{SIDEBAR}</div>'),
    ("comments-enabled", f'<div class="single comments-enabled">{H1}<div class="story">{paras()}</div></div>'),
    ("ad-body", f'<div id="ad_body" class="ad_body">{H1}{paras()}</div>'),
    ("share-wrapper", f'<div class="share-container">{H1}{paras()}<div class="share-bar"><a href="/s">Share</a></div></div>'),
]


@pytest.mark.parametrize("html", [w[1] for w in WRAPPERS], ids=[w[0] for w in WRAPPERS])
def test_a_wrapper_with_a_clutter_word_is_not_removed(html):
    check(page(html), absent=["Council votes"])


# 2. Text outside paragraph elements.
LOOSE = [
    ("bare-text-in-div", f"<div class='text'>{H1}{'<br><br>'.join(STORY)}</div>"),
    ("br-lines-in-span", f"<article>{H1}<span>{'<br>'.join(STORY)}</span></article>"),
    ("div-per-paragraph", f"<article>{H1}{paras('div')}</article>"),
    ("mixed-with-some-p", f"<article>{H1}<div>{STORY[0]}<br>{STORY[1]}</div><p>{STORY[2]}</p>"
                          f"{STORY[3]}<br><br>{STORY[4]}<div>{STORY[5]}</div></article>"),
    ("text-around-inline", f"<div class='entry'>{H1}" + "".join(f"<b>Note.</b> {t}<br>" for t in STORY) + "</div>"),
]


@pytest.mark.parametrize("html", [w[1] for w in LOOSE], ids=[w[0] for w in LOOSE])
def test_text_that_is_not_in_paragraphs_is_kept(html):
    check(page(html + SIDEBAR), absent=["Council votes"])


# 3. A "related" heading inside the story's own container.
RELATED = ('<h3>{heading}</h3><ul class="list"><li><a href="/x/">Lighthouse tours resume in spring</a></li>'
           '<li><a href="/y/">Pier cafe wins a design prize</a></li><li><a href="/z/">Sailing club elects a new chair</a></li></ul>')


@pytest.mark.parametrize("heading", ["You may also like", "Related posts", "Read next", "Mehr zum Thema",
                                     "Fragen an die Autorin", "Vos réactions"])
def test_a_related_heading_inside_the_story_does_not_remove_the_story(heading):
    html = page(f"<article class='story'>{H1}{paras()}{RELATED.format(heading=heading)}</article>")
    check(html, absent=["Lighthouse tours", heading])
    article = extract_html(html, URL, require_article=False)
    assert article.related == [] or all(r["url"] != URL for r in article.related)


def test_a_related_block_with_teasers_inside_the_story_box_is_left_out():
    cards = "".join(f'<div class="card"><h4><a href="/r{i}/">Other story number {i}</a></h4>'
                    f"<p>A short teaser about something else entirely, number {i}.</p></div>" for i in range(4))
    check(page(f"<div class='content'>{H1}{paras()}<section><h2>Related articles</h2>{cards}</section></div>"),
          absent=["Other story number", "short teaser"])


# 4. Several <article> elements: the longest is a teaser list.
def test_the_story_is_chosen_among_several_articles():
    teasers = "".join(f'<article class="teaser"><h2><a href="/t{i}/">Teaser headline {i} about the town</a></h2>'
                      f"<p>Teaser text {i}: a few words that lead to another page of the site.</p>"
                      f'<a href="/t{i}/">Read more</a></article>' for i in range(12))
    html = page(f"<div class='grid'>{teasers}</div><article class='full'>{H1}{paras()}</article>")
    check(html, absent=["Teaser headline", "Teaser text"])


# 5. A container wider than the story: menus, most-read lists, captions and video rails inside it.
def test_clutter_inside_a_wide_article_is_dropped():
    rail = "".join(f'<li><a href="/v{i}/">Video: clip number {i} from the weekend</a></li>' for i in range(6))
    html = page(f"<article>{H1}<ul class='section-menu'><li><a href='/s1/'>Transport</a></li>"
                f"<li><a href='/s2/'>Harbour</a></li><li><a href='/s3/'>Politics desk</a></li></ul>"
                f"<figure><img src='/ferry.jpg'><figcaption>A ferry leaves the northern pier. Photo: Staff</figcaption></figure>"
                f"{paras(items=STORY[:3])}<div class='most-read'><h3>Most read</h3><ol>"
                "<li><a href='/m1/'>Council votes on parking fees</a></li><li><a href='/m2/'>Storm closes the coast road</a>"
                f"</li></ol></div>{paras(items=STORY[3:])}<div class='video-rail'><ul>{rail}</ul></div>"
                "<div class='share-tools'><a href='/fb'>Facebook</a> <a href='/tw'>Twitter</a> <a href='/mail'>Email</a></div>"
                "<section class='comments'><h3>3 comments</h3><div class='comment'><p>Reader one: about time too, "
                "the old timetable was hopeless for anybody working early shifts.</p></div></section></article>")
    check(html, absent=["Politics desk", "Council votes", "clip number", "Photo: Staff", "Facebook", "Reader one"])


def test_the_body_fallback_keeps_only_the_story():
    html = page(f"{H1}{paras()}<div class='widget'><h3>Newsletter</h3><p>Sign up for our newsletter.</p></div>{SIDEBAR}")
    check(html, absent=["Council votes", "Sign up"])


# 6. A body split across sibling containers; embedded posts.
def test_a_body_split_across_sibling_blocks_is_joined():
    html = page(f"<main>{H1}<div class='article-part'>{paras(items=STORY[:3])}</div>"
                "<div class='ad-slot'><a href='/ads'>Advertisement</a></div>"
                f"<div class='article-part'>{paras(items=STORY[3:])}</div></main>{SIDEBAR}")
    check(html, absent=["Advertisement", "Council votes"])


def test_an_embedded_social_post_is_kept():
    embed = ('<div class="social-embed"><blockquote class="post-embed"><p>Finally the ferries are back to a proper '
             "schedule, quoted marker golf.</p>&mdash; A commuter (@commuter) May 2, 2024</blockquote></div>")
    html = page(f"<article>{H1}{paras(items=STORY[:3])}{embed}{paras(items=STORY[3:])}</article>")
    check(html, present=MARKERS + ["golf"])


def test_a_standfirst_between_the_headline_and_the_body_is_kept():
    html = page(f"<article><header>{H1}<p class='standfirst'>The port authority doubles the service after a "
                f"petition from the northern shore, standfirst marker hotel.</p><span>By A. Writer</span></header>"
                f"<div class='entry-content'>{paras()}</div></article>")
    check(html, present=MARKERS + ["hotel"])


def test_pictures_with_captions_are_dropped_unless_the_captions_are_the_story():
    photo = "<div class='photo'><img src='/p.jpg'><span>Photo: the eastern pier at dawn (Staff)</span></div>"
    check(page(f"<article>{H1}{paras(items=STORY[:3])}{photo}{paras(items=STORY[3:])}</article>"), absent=["eastern pier"])
    gallery = "".join(f"<figure><img src='/g{i}.jpg'><figcaption>{text}</figcaption></figure>" for i, text in enumerate(STORY))
    check(page(f"<article class='gallery'>{H1}{gallery}</article>"))


def test_the_caption_of_the_headlines_picture_is_kept():
    header = ("<div class='post-header'><div class='featured-image'><figure><img src='/lead.jpg'>"
              "<figcaption class='wp-caption-text'>The northern pier at dawn, where the first boat of the new timetable "
              "will leave at six, lead caption marker india.</figcaption></figure></div>"
              f"<header>{H1}<p class='byline'>By A. Writer</p></header></div>")
    inline = "<figure><img src='/p.jpg'><figcaption>Photo: the eastern pier (Staff)</figcaption></figure>"
    check(page(f"<article class='post'>{header}<div class='post-content'>{paras(items=STORY[:1])}{inline}"
               f"<p class='paywall'>Subscribe to read on.</p></div></article>"),
          present=["india", "alpha"], absent=["eastern pier"])


def test_a_table_of_short_lines_in_a_weakly_hinted_block_is_kept():
    rows = "".join(f"<tr><td>{n} g</td><td>{name}</td></tr>" for n, name in (
        (100, "flour marker juliet"), (50, "sugar"), (2, "eggs"), (30, "butter"), (5, "salt"), (200, "milk"),
        (10, "yeast"), (40, "raisins")))
    check(page(f"<article>{H1}<div class='ingredients print-area'><h2>Ingredients</h2><table>{rows}</table></div>"
               f"{paras()}<div class='entry-meta'>Filed under <a href='/c/'>Baking</a></div></article>"),
          present=MARKERS + ["juliet", "raisins"], absent=["Filed under"])


def test_steps_each_beside_its_picture_are_the_story():
    steps = "".join(f"<div class='step'><div class='step__count'>{i + 1} of 6</div>{text}"
                    f"<div class='step__image'><picture><img src='/s{i}.jpg'></picture></div></div>"
                    for i, text in enumerate(STORY))
    check(page(f"<section class='recipe'>{H1}<p>Keeps for two days in the fridge.</p>{steps}</section>{SIDEBAR}"),
          absent=["Council votes"])


# Listings are not articles.
def cards(n: int) -> str:
    return "".join(f'<div class="card"><h3><a href="/story-{i}/">A headline for story number {i}</a></h3>'
                   f"<span>May {i + 1}, 2024</span><p>The teaser of story {i}, one or two sentences long, "
                   "that invites the reader to open it.</p></div>" for i in range(n))


@pytest.mark.parametrize("html", [
    page(f"<main><h1>Knowledge Hub</h1><p>Advice and insight for students.</p><div class='grid'>{cards(6)}</div></main>"),
    page(f"<main><h1>Articles</h1><ul>{''.join(f'<li><a href=/p{i}/>Article number {i} on this site</a></li>' for i in range(30))}</ul></main>"),
    page(f"<div id='content'><h1>Topic: transport</h1>{cards(10)}<a href='?page=2'>Next page</a></div>"),
], ids=["hub-home", "plain-list-of-links", "topic-page"])
def test_listing_pages_are_not_articles(html):
    with pytest.raises(NotAnArticle):
        extract_html(html, "https://news.example/topics/transport/")


def test_an_article_with_linked_subheadings_is_still_an_article():
    sections = "".join(f"<h2><a href='#s{i}'>Section {i}</a></h2><p>{text}</p>" for i, text in enumerate(STORY))
    article = extract_html(page(f"<article>{H1}{sections}{cards(3)}</article>"), URL)
    assert "alpha" in article.body


@pytest.mark.parametrize("line", [
    "This entry was posted on Tuesday, May 7th, 2024 at 10:12 and is filed under Transport, Harbour.",
    "Der Beitrag wurde am Dienstag, den 7. Mai 2024 um 10:12 Uhr veröffentlicht und wurde unter Hafen abgelegt.",
    "Photo: Harbour Archive",
    "© Harbour Archive / Agency",
    "Warning: Creating default object from empty value in /var/www/theme/functions.php on line 42",
    "Diesen Beitrag mit Freunden teilen:",
    "Dieser Eintrag wurde veröffentlicht in Hafen und verschlagwortet mit Fähre.",
])
def test_lines_every_post_carries_are_left_out(line):
    check(page(f"<article>{H1}{paras()}<p>{line}</p></article>"), absent=[line])


def test_hidden_elements_are_left_out():
    hidden = ("<div style='display: none'>A hidden panel with a long text about something else, "
              "which the reader never sees on the page.</div><p hidden>Another hidden note for scripts.</p>")
    check(page(f"<article>{H1}{paras(items=STORY[:3])}{hidden}{paras(items=STORY[3:])}</article>"),
          absent=["hidden panel", "hidden note"])


def test_the_hidden_pages_of_a_slideshow_are_kept():
    slides = "".join(f"<div id='slide-{i}' class='slide{' hidden' if i else ''}' style='display: {'none' if i else 'block'}'>"
                     f"<h2>Part {i + 1}</h2><p>{text}</p></div>" for i, text in enumerate(STORY))
    menu = ("<div class='menu-mobile' style='display:none'><a href='/m'>Mobile menu entry with a long label</a></div>"
            "<div class='menu-desktop'><a href='/d'>Desktop</a></div>")
    check(page(f"<article>{H1}{menu}<div class='slides'>{slides}</div></article>"), absent=["Mobile menu"])


def test_a_related_heading_in_the_story_box_below_the_headline_keeps_the_story_and_the_related_links():
    html = page(f"<header class='entry-header'>{H1}</header><div class='entry-content'>{paras()}"
                f"{RELATED.format(heading='Related posts')}</div>")
    check(html, absent=["Lighthouse tours"])
    article = extract_html(html, URL, require_article=False)
    assert [r["title"] for r in article.related] == ["Lighthouse tours resume in spring", "Pier cafe wins a design prize",
                                                     "Sailing club elects a new chair"]


def test_the_story_after_a_related_list_in_the_middle_of_it_is_kept():
    html = page(f"<header>{H1}</header><div class='entry-content'>{paras(items=STORY[:3])}"
                f"{RELATED.format(heading='Related posts')}{paras(items=STORY[3:])}</div>")
    check(html, absent=["Lighthouse tours"])
    assert len(extract_html(html, URL, require_article=False).related) == 3


# 7. "Comment" in a class: readers' comments are signed (a writer, a time, a reply link, a form to
# write one); a photo's description or a match's live commentary classed so is the story.
READER_COMMENTS = ('<div id="comments" class="comments-area"><h2 class="comments-title">Two thoughts</h2>'
                   '<ol class="comment-list">' + "".join(
                       f'<li class="comment"><div class="comment-author vcard"><cite class="fn">Reader {n}</cite></div>'
                       f'<div class="comment-meta"><time datetime="2024-05-0{n}">May {n}, 2024</time></div>'
                       f'<div class="comment-content"><p>{text}</p></div><a class="comment-reply-link" href="#r">Reply</a></li>'
                       for n, text in ((1, "I took the early boat for years and the new timetable finally fits my shift, "
                                           "so thank you to everybody who signed, comment marker kilo."),
                                       (2, "Electric engines are welcome, but the piers should have been repaired first, "
                                           "the eastern steps are slippery all winter, comment marker lima.")))
                   + '</ol></div>')


def test_readers_comments_are_left_out_even_when_longer_than_the_story():
    comments = READER_COMMENTS.replace("</ol>", "".join(
        f'<li class="comment"><div class="comment-author"><b>Guest {n}</b></div><div class="comment-content">'
        f"<p>{STORY[n % 6].replace('Marker', 'Quoted')}</p></div></li>" for n in range(12)) + "</ol>")
    check(page(f"<article><header>{H1}</header><div class='entry-content'>{paras(items=STORY[:2])}</div>"
               f"</article>{comments}"), present=MARKERS[:2], absent=["kilo", "lima", "Guest", "Quoted"])


def test_photo_descriptions_classed_as_comments_are_the_story():
    items = "".join(f'<div class="gallery__item"><div class="gallery__item__body"><a href="/photos/{i}"><img src="/{i}.jpg">'
                    f'</a><a class="gallery__item__owner" href="/pro/{i}">Studio {i}</a>'
                    f'<div class="gallery__item__comment">{text}</div></div></div>' for i, text in enumerate(STORY))
    check(page(f"<div class='gallery'>{H1}<p>Six projects the readers liked best this year.</p>{items}</div>"
               f"{READER_COMMENTS}"), absent=["kilo", "lima"])


def test_live_commentary_classed_as_comments_is_the_story():
    minutes = "".join(f"<div class='live-match-comment'><div class='live-match-comment-time'><span>{90 - 9 * i}'</span></div>"
                      f"<div class='live-match-comment-body'>{text}</div></div>" for i, text in enumerate(STORY))
    check(page(f"<main>{H1}<div class='live-match-comments'>{minutes}</div></main>{SIDEBAR}"), absent=["Council votes"])


@pytest.mark.parametrize("tail", [
    "<div id='kommentare' class='kommentare'><div class='comment-head'><h2>Kommentieren Sie</h2>"
    "<button>Kommentar verfassen</button></div></div>",
    "<div class='comments'><h3>Leave a comment</h3><form><textarea></textarea><input type='submit'></form></div>",
    "<p class='nocomments'>Comments are closed.</p>",
    "<section class='kommentare'><div><h2>0 Kommentare</h2><p>Keine Kommentare bisher, sie erscheinen nach der "
    "Freigabe.</p><form><input name='user'><textarea></textarea></form></div></section>",
    "<section class='editorial-disclosure'><p>Editorial disclaimer: opinions expressed here are the writer's alone and "
    "have not been reviewed or endorsed by any advertiser.</p></section>",
], ids=["comment-heading", "comment-form", "comments-closed", "no-comments-yet", "disclaimer"])
def test_comment_prompts_and_disclaimers_are_left_out(tail):
    check(page(f"<article>{H1}<div class='entry-content'>{paras()}</div>{tail}</article>"),
          absent=["Kommentieren", "Leave a comment", "closed", "Keine Kommentare", "disclaimer"])
