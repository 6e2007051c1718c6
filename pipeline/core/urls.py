"""URL canonicalisation: one spelling per page, so the index and the crawl state key on it."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

# Query parameters that only track a visitor or a session; they never change the article.
# Marketing platforms add their own to every link of an email or call-to-action button: HubSpot
# (_hsenc, _hsmi, __hstc, __hssc, __hsfp, hsCtaTracking, hsa_*), Marketo (mkt_tok), Mailchimp
# (mc_cid, mc_eid), Salesforce Marketing Cloud (sfmc_*), Eloqua (elq*), Klaviyo (_kx), Omeda
# (oly_*), Vero (vero_*), ConvertKit (ck_subscriber_id), SharpSpring (ss_*), Webtrends (wt_*).
TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl|yclid|igshid|"
    r"phpsessid|jsessionid|sid|sessionid|ref|ref_src|share|amp|"
    r"_hsenc|_hsmi|__hstc|__hssc|__hsfp|hsctatracking|hsa_\w+|mkt_tok|sfmc_\w+|elq\w*|_kx|"
    r"oly_enc_id|oly_anon_id|vero_id|vero_conv|ck_subscriber_id|ss_source|ss_campaign_\w+|wt_mc|wt_zmc)$", re.I)
# An absolute URL already in canonical form: lower-case http(s) scheme and host name, a port
# that is not the scheme's default (no leading zero), a path, and nothing else (no query,
# fragment, parameters, user info, escapes or spaces). Most links on a page look like this, and
# canonicalize returns them unchanged without the urllib round trip.
_CANONICAL = re.compile(r"(https?)://[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::([1-9][0-9]{0,4}))?/[^?#;%\s\\]*")


def canonicalize(url: str, base: str | None = None) -> str:
    """Scheme and host lower-cased, default port, fragment and tracking parameters dropped,
    query sorted, empty path made '/'."""
    m = _CANONICAL.fullmatch(url)
    if m and (m[2] is None or (int(m[2]) <= 65535 and m[2] != ("80" if m[1] == "http" else "443"))):
        return url
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    if ":" in host:
        host = f"[{host}]"      # an IPv6 literal keeps its brackets
    netloc = host
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        netloc = f"{host}:{port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAMS.match(k))
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))


def join_url(base: str, url: str) -> str:
    """urljoin(base, url), without urllib for a URL already absolute and canonical."""
    return url if _CANONICAL.fullmatch(url) else urljoin(base, url)


_SIMPLE_ORIGIN = re.compile(r"(https?)://([a-z0-9.-]+)(?::[0-9]+)?(?:[/?#]|$)")


def host_of(url: str) -> tuple[str, str | None]:
    """(scheme, lower-case host name or None) as urlsplit gives them, by a regex for the usual
    URL shape (lower-case http(s) scheme and host name) and urlsplit for the rest."""
    m = _SIMPLE_ORIGIN.match(url)
    if m:
        return m[1], m[2]
    parts = urlsplit(url)
    return parts.scheme, parts.hostname


def split_url(url: str):
    """`urlsplit`, also raising ValueError for a port out of range or not a number (urlsplit
    itself only notices when `.port` is read)."""
    parts = urlsplit(url)
    parts.port
    return parts


def try_canonicalize(url: str, base: str | None = None) -> str | None:
    """canonicalize, or None for a URL that cannot be one (bad port, broken IPv6 literal)."""
    try:
        return canonicalize(url, base)
    except ValueError:
        return None
