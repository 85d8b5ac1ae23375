"""The browser judges every page is held to, run in a Playwright page: axe-core and
HTML_CodeSniffer (vendored under tests/vendor) and the reflow check at 320 CSS px.

The engines are evaluated through the DevTools protocol, never added as a <script>: the pages'
Content-Security-Policy (shinchoku.security_headers) rightly blocks inline scripts, and it stays on
under test.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page

VENDOR = Path(__file__).resolve().parent.parent / "vendor"
AXE = VENDOR / "axe-core" / "axe.min.js"
HTMLCS = VENDOR / "html_codesniffer" / "HTMLCS.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1400, "height": 1000}
NARROW = {"width": 320, "height": 640}  # WCAG 1.4.10: 1280 CSS px at 400 % zoom

# HTML_CodeSniffer's errors (type 1) as {code, msg, element}; it calls back when done. No rule is
# silenced: the pages have no error (warnings such as G18.Abs, contrast not computed under the
# visually hidden texts, ask a person to look and are covered by axe's colour-contrast rule).
HTMLCS_RUN = """() => new Promise((resolve, reject) => {
  HTMLCS.process("WCAG2AA", document, () => resolve(
    HTMLCS.getMessages().filter(m => m.type === HTMLCS.ERROR).map(m => ({
      code: m.code, msg: m.msg,
      element: m.element && m.element.outerHTML ? m.element.outerHTML.slice(0, 160) : String(m.element),
    }))), reject, "en");
})"""

# What breaks reflow: the document wider than the viewport; an element whose box ends right of it,
# outside a table's own scroll box (the box itself must fit); an element positioned against an
# ancestor outside the scroll box it sits in (it escapes the box); and in any table, a cell whose
# content overflows it or that is squeezed to less than two characters a line.
REFLOW_RUN = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  const name = element => element.tagName.toLowerCase() + (typeof element.className === "string"
    && element.className.trim() ? "." + element.className.trim().split(/\\s+/).join(".") : "");
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth > width) found.push(`the document is ${scrollWidth} px wide`);
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const scroller = element.parentElement.closest(".table-scroll");
    const style = getComputedStyle(element);
    if (scroller) {
      const anchor = element.offsetParent;
      if (["absolute", "fixed"].includes(style.position) && anchor && !scroller.contains(anchor)) {
        found.push(`${name(element)} escapes its scroll box (positioned against ${name(anchor)})`);
      }
    } else if (box.right > width + 0.5) {
      const parent = element.parentElement;
      if (parent === document.body || parent.getBoundingClientRect().right <= width + 0.5) {
        found.push(`${name(element)} ends at ${Math.round(box.right)} px`);  // not its parent's fault
      }
    }
    if (element.tagName === "TD" || element.tagName === "TH") {
      if (element.scrollWidth > element.clientWidth + 1) {
        found.push(`${name(element)} "${element.textContent.trim().slice(0, 12)}" overflows its cell`);
      }
      const inner = element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      if (element.textContent.trim().length >= 2 && inner < 2 * parseFloat(style.fontSize)) {
        const text = element.textContent.trim().slice(0, 12);
        found.push(`${name(element)} "${text}" is squeezed to ${Math.round(inner)} px`);
      }
    }
  }
  return found;
}"""


def axe_violations(page: Page) -> list[dict[str, Any]]:
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return list(result["violations"])


def describe(url: str, violations: list[dict[str, Any]]) -> list[str]:
    return [
        f"{url}: {violation['id']} ({violation['impact']}) {violation['help']} — "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in violations
    ]


def htmlcs_errors(page: Page) -> list[dict[str, str]]:
    page.evaluate(HTMLCS.read_text(encoding="utf-8"))
    errors: list[dict[str, str]] = page.evaluate(HTMLCS_RUN)
    return errors


def reflow_faults(page: Page) -> list[str]:
    """What sticks out at 320 CSS px (the viewport is put back to desktop width afterwards)."""
    page.set_viewport_size(NARROW)
    try:
        return list(page.evaluate(REFLOW_RUN))
    finally:
        page.set_viewport_size(DESKTOP)
