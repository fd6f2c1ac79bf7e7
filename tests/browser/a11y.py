"""axe-core in the browser suite: the rules of WCAG 2.2 at levels A and AA, run on the
page as a reader has it (after scripts ran, with whatever panel is open).

axe-playwright-python ships axe-core inside its PyPI package; nothing is fetched."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]

_axe = Axe()

# axe-core 4.x no longer reports repeated ids (WCAG 2.2 dropped criterion 4.1.1), but a
# repeated id still breaks every label, aria-labelledby and fragment link that names it.
_DUPLICATE_IDS = """() => {
  const seen = new Map();
  for (const element of document.querySelectorAll('[id]')) {
    seen.set(element.id, (seen.get(element.id) || 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([id, n]) => id + ' x' + n);
}"""


def violations(page) -> list[str]:
    """Every WCAG 2.2 A/AA violation on the page, one readable line per element."""
    results = _axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]},
    )
    lines = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"{violation['id']} at {target}: {node['failureSummary']}".strip())
    lines.extend(f"duplicate-id: {repeated}" for repeated in page.evaluate(_DUPLICATE_IDS))
    return lines
