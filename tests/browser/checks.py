"""What every public page must be, checked in the browser: its weight, its
Content-Security-Policy, tap targets and type for elderly readers, headings in
order. Each check returns the problems it found (empty: none)."""

from dataclasses import dataclass, field

# A public page, before images: HTML + CSS + JS + fonts, as transferred.
MAX_PAGE_BYTES = 200 * 1024
# Counted in a page's weight (images are not).
WEIGHED = {"document", "stylesheet", "script", "font", "xhr", "fetch"}
MIN_TAP_PX = 44
MIN_TYPE_PX = 16


@dataclass
class Weighing:
    """The resources a page loaded, recorded as they come (attach before goto)."""

    responses: list = field(default_factory=list)

    def attach(self, page):
        page.on("response", lambda response: self.responses.append(response))
        return self

    def by_resource(self) -> dict[str, int]:
        sizes = {}
        for response in self.responses:
            if response.request.resource_type not in WEIGHED or response.status >= 300:
                continue
            sizes[response.url] = len(response.body())
        return sizes

    def total(self) -> int:
        return sum(self.by_resource().values())


def csp_problems(response) -> list[str]:
    """The page's Content-Security-Policy must allow scripts from itself only:
    no unsafe-inline, no other host."""
    policy = response.headers.get("content-security-policy")
    if not policy:
        return ["no Content-Security-Policy header"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    scripts = directives.get("script-src", directives.get("default-src"))
    if scripts is None:
        return ["the policy sets neither script-src nor default-src"]
    problems = [f"script-src allows {source}" for source in scripts if source != "'self'"]
    if directives.get("default-src") != ["'self'"]:
        problems.append(f"default-src is {directives.get('default-src')}")
    return problems


TAP_TARGETS = """(minimum) => {
  const shown = (el) => {
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && style.visibility !== "hidden";
  };
  // WCAG 2.5.5's exception: a link inside a sentence (other words around it).
  const inSentence = (el) => getComputedStyle(el).display === "inline"
    && el.parentElement.textContent.trim().length > el.textContent.trim().length + 1;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.className && typeof el.className === "string" ? "." + el.className.split(" ")[0] : "")
    + " “" + (el.textContent || el.value || el.name || "").trim().slice(0, 30) + "”";
  const problems = [];
  for (const el of document.querySelectorAll(
      "a[href], button, input:not([type=hidden]), select, textarea, summary")) {
    if (el.classList.contains("skip-link") || !shown(el)) continue;
    let box = el.getBoundingClientRect();
    // A tick box or radio button is tapped through its label too.
    if ((el.type === "checkbox" || el.type === "radio") && el.labels && el.labels.length) {
      const label = el.labels[0].getBoundingClientRect();
      box = {width: Math.max(box.width, label.width), height: Math.max(box.height, label.height)};
    }
    if (box.width >= minimum - 0.5 && box.height >= minimum - 0.5) continue;
    if (el.tagName === "A" && inSentence(el)) continue;
    problems.push(name(el) + " " + Math.round(box.width) + "×" + Math.round(box.height));
  }
  return problems;
}"""


def tap_target_problems(page) -> list[str]:
    """Links, buttons and fields at least 44 × 44 px (links inside a sentence excepted)."""
    return page.evaluate(TAP_TARGETS, MIN_TAP_PX)


SMALL_TYPE = """(minimum) => {
  const problems = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.trim(), el = walker.currentNode.parentElement;
    if (!text || !el) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || el.closest(".skip-link, .visually-hidden")) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < minimum) {
      problems.add(el.tagName.toLowerCase() + " " + size + "px “" + text.slice(0, 30) + "”");
    }
  }
  return [...problems];
}"""


def small_type_problems(page) -> list[str]:
    """No text under 16 px (the body is 18 px)."""
    return page.evaluate(SMALL_TYPE, MIN_TYPE_PX)


HEADINGS = """() => {
  const levels = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")]
    .map((h) => Number(h.tagName[1]));
  const problems = [];
  if (!levels.length || levels[0] !== 1) problems.push("the first heading is not an h1");
  for (let i = 1; i < levels.length; i++) {
    if (levels[i] > levels[i - 1] + 1) problems.push("h" + levels[i - 1] + " then h" + levels[i]);
  }
  return problems;
}"""


def heading_problems(page) -> list[str]:
    """One outline: an h1 first, no level skipped on the way down."""
    return page.evaluate(HEADINGS)


def sideways_scroll(page, width=360) -> list[str]:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    return [f"scrolls sideways ({scroll} px wide)"] if scroll > width else []
