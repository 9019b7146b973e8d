"""Accessibility checks for the browser tests: axe-core (vendored, pinned: tests/vendor/axe-core/)
and what axe cannot check: focus indicator and control borders against their background, tap
targets, horizontal scrolling at 320 px and at 200 % text."""

from pathlib import Path

AXE_VERSION = "4.14.1"
AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

# The CSP forbids script tags we did not serve: axe goes in through the DevTools protocol.
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
  });
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} → ` +
    v.nodes.slice(0, 5).map((n) => n.target.join(" ")).join(" | "));
}"""


def axe_violations(page) -> list[str]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE)
        assert page.evaluate("() => axe.version") == AXE_VERSION
    return page.evaluate(RUN_AXE, AXE_TAGS)


# Shared JS: WCAG contrast of two CSS colours, and the colour behind an element.
COLOUR = """
const rgba = (css) => {
  const m = css.match(/rgba?\\(([^)]+)\\)/);
  if (!m) return [0, 0, 0, 0];
  const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
  return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
};
const luminance = ([r, g, b]) => {
  const c = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
};
const contrast = (a, b) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
};
const behind = (element) => {  // the first opaque background at or above element
  for (let e = element; e; e = e.parentElement) {
    const c = rgba(getComputedStyle(e).backgroundColor);
    if (c[3] > 0.5) return c;
  }
  return [255, 255, 255, 1];
};
const visible = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0
  && getComputedStyle(e).visibility !== "hidden"; };
"""

# The focused element's indicator: its own outline, or its label's (:focus-within) when the
# native input is visually hidden. None when nothing is focused.
FOCUS_INDICATOR = (
    """() => {
  """
    + COLOUR
    + """
  const active = document.activeElement;
  if (!active || active === document.body) return null;
  let shown = active;
  const own = getComputedStyle(active);
  if (own.outlineStyle === "none" || parseFloat(own.outlineWidth) === 0) {
    shown = active.closest("label") || active;
  }
  const style = getComputedStyle(shown);
  const width = style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth);
  const offset = parseFloat(style.outlineOffset) || 0;
  // The outline is drawn over what is around the element (offset ≥ 0) or over its edge.
  const ground = offset >= 0 ? behind(shown.parentElement || shown) : behind(shown);
  const name = (active.getAttribute("aria-label") || active.textContent || active.name || "")
    .trim().slice(0, 40);
  return {name: `${active.tagName.toLowerCase()} ${name}`, width,
          ratio: width ? contrast(rgba(style.outlineColor), ground) : 0};
}"""
)

# Controls whose edge tells what they are: their border, or their fill, against what is behind.
CONTROL_EDGES = (
    """() => {
  """
    + COLOUR
    + """
  const selector = 'input[type=text], input[type=number], input[type=password], textarea, select,'
    + '.scale-option span, .choice span, .tip, .quadrant-text, .list-choice, .button, button';
  const weak = [];
  for (const control of document.querySelectorAll(selector)) {
    if (!visible(control)) continue;
    const style = getComputedStyle(control);
    const ground = behind(control.parentElement);
    const fill = rgba(style.backgroundColor);
    const border = parseFloat(style.borderTopWidth) > 0 ? rgba(style.borderTopColor) : null;
    const best = Math.max(fill[3] > 0.5 ? contrast(fill, ground) : 1,
                          border ? contrast(border, ground) : 1);
    // A button with no edge at all is a text button: its text identifies it.
    if (control.matches("button, .button") && best < 1.1) continue;
    if (best < 3) weak.push(`${control.tagName.toLowerCase()}.${control.className} `
      + `“${control.textContent.trim().slice(0, 30)}” ${best.toFixed(2)}:1`);
  }
  return weak;
}"""
)

# Interactive elements smaller than 44×44 CSS px (a hidden native input counts as its label).
SMALL_TARGETS = (
    """() => {
  """
    + COLOUR
    + """
  const small = [];
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
  for (let target of document.querySelectorAll(selector)) {
    if (target.closest(".skip-link, .visually-hidden")) continue;
    if (target.matches("input") && target.labels && target.labels.length) {
      const box = target.getBoundingClientRect();
      if (box.width < 2 || target.type === "checkbox") target = target.labels[0];
    }
    if (!visible(target)) continue;
    const box = target.getBoundingClientRect();
    if (box.width < 43.5 || box.height < 43.5) {
      small.push(`${target.tagName.toLowerCase()} “${(target.textContent || target.name || "")
        .trim().slice(0, 30)}” ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
  }
  return small;
}"""
)

SCROLLS_SIDEWAYS = """() => {
  const widest = Array.from(document.querySelectorAll("body *"))
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
    .filter((e) => !e.closest(".visually-hidden, .skip-link"))
    .slice(0, 3).map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
  return document.documentElement.scrollWidth > window.innerWidth + 1 ? widest : [];
}"""


def focus_problems(page, stops: int = 80) -> list[str]:
    """Tab through the page from the top: every stop shows an outline ≥ 2 px at ≥ 3:1."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
    page.evaluate("() => window.scrollTo(0, 0)")
    problems, seen = [], set()
    page.locator("body").focus()
    for _ in range(stops):
        page.keyboard.press("Tab")
        indicator = page.evaluate(FOCUS_INDICATOR)
        if indicator is None:
            break
        key = page.evaluate(
            "() => { const a = document.activeElement; a.dataset.tabbed = (a.dataset.tabbed || 0) * 1 + 1; return a.dataset.tabbed; }"
        )
        if key != "1":
            break  # round the page once
        if indicator["width"] < 2 or indicator["ratio"] < 3:
            text = f"{indicator['name']}: {indicator['width']} px, {indicator['ratio']:.2f}:1"
            if text not in seen:
                seen.add(text)
                problems.append(text)
    page.evaluate(
        "() => document.querySelectorAll('[data-tabbed]').forEach((e) => delete e.dataset.tabbed)"
    )
    return problems


def reflow_problems(page) -> list[str]:
    """No sideways scrolling at 320 CSS px, nor at 200 % text on the phone's own width."""
    problems = []
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": size["height"]})
    if wide := page.evaluate(SCROLLS_SIDEWAYS):
        problems.append(f"scrolls sideways at 320 px: {wide}")
    page.set_viewport_size(size)
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    if wide := page.evaluate(SCROLLS_SIDEWAYS):
        problems.append(f"scrolls sideways at 200 % text: {wide}")
    page.evaluate("() => { document.documentElement.style.fontSize = ''; }")
    return problems


def phone_problems(page) -> list[str]:
    """Everything checked on a phone page, as one list of what is wrong."""
    problems = [f"axe: {v}" for v in axe_violations(page)]
    problems += [f"control edge under 3:1: {c}" for c in page.evaluate(CONTROL_EDGES)]
    problems += [f"tap target under 44×44: {t}" for t in page.evaluate(SMALL_TARGETS)]
    problems += reflow_problems(page)
    problems += [f"focus indicator: {f}" for f in focus_problems(page)]
    return problems


def screen_problems(page) -> list[str]:
    """The checks for a laptop page (console, organiser): axe, edges, focus."""
    problems = [f"axe: {v}" for v in axe_violations(page)]
    problems += [f"control edge under 3:1: {c}" for c in page.evaluate(CONTROL_EDGES)]
    problems += [f"focus indicator: {f}" for f in focus_problems(page)]
    return problems


def pages_problems(browser, base: str, pages: dict[str, str], sizes: dict, log_in, more=None):
    """Each page (name → path) checked at each size ("laptop": screen_problems, else
    phone_problems; size → browser context options), in a new context logged in by
    `log_in(page, size)`; `more(page, check)` → more {state: problems} at that size.
    Returns what fails, a paragraph per state ("" when nothing)."""
    found = {}
    for size, options in sizes.items():
        check = screen_problems if size == "laptop" else phone_problems
        page = browser.new_context(**options).new_page()
        log_in(page, size)
        for name, path in pages.items():
            page.goto(f"{base}{path}")
            found[f"{name}-{size}"] = check(page)
        if more is not None:
            found |= {f"{state}-{size}": problems for state, problems in more(page, check).items()}
        page.context.close()
    return "\n".join(
        f"{state}:\n  " + "\n  ".join(problems) for state, problems in found.items() if problems
    )
