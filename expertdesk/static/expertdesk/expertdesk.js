// Progressive enhancement only: every page works without this file (and without inline script,
// which the Content-Security-Policy refuses).
document.addEventListener("DOMContentLoaded", () => {
  // A form that came back with errors: start at its summary, so a screen reader announces the
  // problems and a keyboard user can follow the links to the fields.
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }

  // A text with a maximum length shows how much of it is used ("120 of 10,000 characters"),
  // in the page's language; the template text comes from the server, translated.
  const numbers = new Intl.NumberFormat(document.documentElement.lang || "nl");
  for (const area of document.querySelectorAll("textarea[maxlength][data-count-characters]")) {
    const counter = document.createElement("p");
    counter.className = "rvo-paragraph rvo-paragraph--no-spacing ed-muted ed-char-count";
    counter.dataset.testid = "char-count";
    const max = Number(area.maxLength);
    const show = () => {
      counter.textContent = area.dataset.countCharacters
        .replace("{count}", numbers.format(area.value.length))
        .replace("{max}", numbers.format(max));
    };
    show();
    area.addEventListener("input", show);
    area.insertAdjacentElement("afterend", counter);
  }
});
