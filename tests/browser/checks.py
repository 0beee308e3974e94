"""What every browser test checks on every page, without asking: axe-core finds no WCAG 2.1 A/AA
violation, nothing breaks the Content-Security-Policy, the page's own files all load (no 4xx or
5xx for them), no page is missing (404) and nothing of ours answers 5xx.

`watch_context` arms a browser context. axe-core (npm devDependency, `npm ci`) is put into every
document as an init script, which the CSP does not apply to. After each navigation through
`page.goto`, `page.reload`, `page.go_back` or `with page.expect_navigation()` the page is checked,
and once more in its last state when the test ends; a document that loaded without a check (a
click that navigated outside `expect_navigation`) fails the test too, so no page goes unchecked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from playwright.sync_api import BrowserContext, ConsoleMessage, Error, Page, Request, Response

AXE_SOURCE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Runs in every document before its own scripts: tells the test which documents loaded, and
# reports CSP violations as events (the console wording may change between versions).
_DOCUMENT_SCRIPT = """
(() => {
  if (window.top !== window || location.protocol === "about:") return;
  window.__edDocument = Math.random().toString(36).slice(2);
  document.addEventListener("securitypolicyviolation", (event) => {
    window.__edReport("csp", `${event.violatedDirective} refused ${event.blockedURI || "inline"}`
      + ` (${event.sourceFile || location.pathname}:${event.lineNumber})`);
  });
  document.addEventListener("DOMContentLoaded", () => {
    window.__edReport("loaded", window.__edDocument + " " + location.href);
  });
})();
"""

_RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    id: v.id, help: v.help,
    nodes: v.nodes.map((n) => n.target.join(" ")),
  }));
}"""

# Resource types that are the page's own files; documents and htmx/fetch calls may answer 4xx
# on purpose (a 403 page, a form with errors).
_FILE_TYPES = {"stylesheet", "script", "image", "font", "media", "manifest", "texttrack"}


@dataclass
class Watch:
    """What went wrong in one browser context, reported when the test ends."""

    origin: str
    problems: list[str] = field(default_factory=list)
    loaded: dict[str, str] = field(default_factory=dict)  # document id -> address
    checked: set[str] = field(default_factory=set)
    pages_checked: int = 0

    def check(self, page: Page, *, final: bool = False) -> None:
        """Run axe-core on the page as it is now."""
        if page.url.startswith("about:"):  # a page opened but never sent anywhere
            return
        try:
            document, html = page.evaluate(
                "() => [window.__edDocument || null, document.contentType === 'text/html']"
            )
            # JSON or a file opened in the browser is shown by the browser's own viewer
            violations = page.evaluate(_RUN_AXE, WCAG_TAGS) if html else []
        except Error:  # the page closed or navigated away while it was checked
            if final:
                return
            raise
        if document:
            self.checked.add(document)
        self.pages_checked += 1
        path = _path(page.url)
        for violation in violations:
            nodes = ", ".join(violation["nodes"][:5])
            self.problems.append(
                f"axe {violation['id']} on {path}: {violation['help']} "
                f"({len(violation['nodes'])}x: {nodes})"
            )

    def unchecked(self) -> list[str]:
        return [url for document, url in self.loaded.items() if document not in self.checked]


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def watch_context(context: BrowserContext, origin: str) -> Watch:
    """Arm a new context: every page it opens is watched and checked as described above."""
    watch = Watch(origin=origin)

    def report(source, kind: str, text: str) -> None:
        if kind == "csp":
            watch.problems.append(f"CSP violation on {_path(source['page'].url)}: {text}")
        elif kind == "loaded":
            document, url = text.split(" ", 1)
            watch.loaded[document] = _path(url)

    def console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            watch.problems.append(f"CSP violation: {message.text}")

    def own_file(request: Request) -> bool:
        return request.url.startswith(origin) and (
            request.resource_type in _FILE_TYPES
            or urlsplit(request.url).path.startswith(settings.STATIC_URL)
        )

    def response(answer: Response) -> None:
        ours = answer.url.startswith(origin)
        if answer.status >= 400 and own_file(answer.request):
            watch.problems.append(f"{answer.status} for {_path(answer.url)}")
        elif ours and answer.status >= 500:
            # A page, an htmx fragment or an API call that broke: never on purpose.
            watch.problems.append(f"{answer.status} for {_path(answer.url)}")
        elif ours and answer.status == 404 and answer.request.resource_type == "document":
            # A link or form that leads nowhere.
            watch.problems.append(f"404 for the page {_path(answer.url)}")

    def failed(request: Request) -> None:
        # ERR_ABORTED: the test navigated on before the file arrived; not the page's fault
        if own_file(request) and request.failure != "net::ERR_ABORTED":
            watch.problems.append(f"{request.failure} for {_path(request.url)}")

    context.expose_binding("__edReport", report)
    context.add_init_script(script=_DOCUMENT_SCRIPT)
    context.add_init_script(path=AXE_SOURCE)
    context.on("console", console)
    context.on("response", response)
    context.on("requestfailed", failed)
    context.on("page", lambda page: check_after_navigation(page, watch))
    return watch


def check_after_navigation(page: Page, watch: Watch) -> None:
    """Wrap the page's navigation methods so that each lands on a checked page."""
    if getattr(page, "_ed_watched", False):
        return
    page._ed_watched = True

    def after(method: Callable) -> Callable:
        def navigate(*args, **kwargs):
            result = method(*args, **kwargs)
            watch.check(page)
            return result

        return navigate

    page.goto = after(page.goto)
    page.reload = after(page.reload)
    page.go_back = after(page.go_back)
    expect_navigation = page.expect_navigation

    @contextmanager
    def checked_expect_navigation(*args, **kwargs) -> Iterator:
        with expect_navigation(*args, **kwargs) as navigation:
            yield navigation
        watch.check(page)

    page.expect_navigation = checked_expect_navigation


def finish(watches: list[tuple[BrowserContext, Watch]]) -> list[str]:
    """Check every open page in its last state, close the contexts, and return what failed."""
    problems: list[str] = []
    for context, watch in watches:
        for page in context.pages:
            if not page.is_closed():
                watch.check(page, final=True)
        with suppress(Error):
            context.close()
        problems += watch.problems
        problems += [
            f"{url} loaded but was never checked: navigate with page.goto or inside "
            "page.expect_navigation()"
            for url in watch.unchecked()
        ]
    return problems
