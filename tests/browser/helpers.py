"""What a person does in the browser, written once: sign in, select words with the mouse."""
from webapp.extensions import db
from webapp.models import Claim

# Finds words in the article's rendered text (across segment elements) and returns the screen
# boxes of the first character of `from` and the last character of `to`, so the mouse can drag
# from one to the other. Each must occur exactly once.
_LOCATE_JS = """
([from, to]) => {
  const root = document.getElementById("article-text");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let all = "";
  for (let n = walker.nextNode(); n; n = walker.nextNode()) { nodes.push([n, all.length]); all += n.data; }
  const once = (w) => { const at = all.indexOf(w); return at >= 0 && all.indexOf(w, at + 1) < 0 ? at : -1; };
  const a = once(from), b = once(to);
  if (a < 0 || b < 0) return null;
  function box(i, len) {          // UTF-16 index in `all` -> the box of that character
    const [node, base] = nodes.filter(([, start]) => start <= i).pop();
    const r = document.createRange();
    r.setStart(node, i - base); r.setEnd(node, i - base + len);
    const rect = r.getClientRects()[0];
    return {left: rect.left, right: rect.right, top: rect.top, bottom: rect.bottom};
  }
  const firstLen = from.codePointAt(0) > 0xffff ? 2 : 1;
  const lastLen = to.length > 1 && /[\\udc00-\\udfff]/.test(to[to.length - 1]) ? 2 : 1;
  return {first: box(a, firstLen), last: box(b + to.length - lastLen, lastLen)};
}
"""


def sign_in(page, username, password):
    """Sign in through the login page, as a person would."""
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def drag_select(page, quote, release_x=None):
    """Select ``quote`` in the reading view with the mouse: press before its first character,
    drag, release after its last one (a real selection, made by Chromium's hit-testing).
    ``release_x`` releases the button there instead (say, in the margin past the end of the line)."""
    drag_select_between(page, quote, quote, release_x)


def drag_select_between(page, first_words, last_words, release_x=None):
    """Drag from the start of ``first_words`` to the end of ``last_words`` (across paragraphs)."""
    page.locator("#article-text").scroll_into_view_if_needed()
    boxes = page.evaluate(_LOCATE_JS, [first_words, last_words])
    assert boxes, f"{first_words!r} or {last_words!r} does not occur exactly once in the rendered article"
    first, last = boxes["first"], boxes["last"]
    page.mouse.move(first["left"] + 1, (first["top"] + first["bottom"]) / 2)
    page.mouse.down()
    page.mouse.move((first["right"] + last["right"]) / 2, (first["top"] + last["bottom"]) / 2, steps=4)
    x = last["right"] - 1 if release_x is None else release_x
    page.mouse.move(x, (last["top"] + last["bottom"]) / 2, steps=4)
    page.mouse.up()


def draft_highlight(page):
    """The words shown highlighted in the text as the claim being marked (a CSS highlight)."""
    return page.evaluate("() => [...(CSS.highlights.get('claim-draft') || [])].map(String).join('|')")


def stored_claims(app):
    with app.app_context():
        claims = list(db.session.scalars(db.select(Claim).order_by(Claim.id)))
        db.session.expunge_all()
        return claims
