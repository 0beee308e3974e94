// The organisation picker, enhanced. Without this file (or without JavaScript) the picker's
// "Search" button posts the form and the page comes back with the matches; nothing is lost.
(() => {
  // A ticked match moves to the chosen ones, so the next search (which replaces the matches)
  // cannot take it away.
  document.addEventListener("change", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.checked) {
      return;
    }
    const results = input.closest("[data-picker-results]");
    const picker = results && results.closest("[data-picker]");
    const chosen = picker && picker.querySelector("[data-picker-chosen]");
    const option = input.closest("label");
    if (!chosen || !option) {
      return;
    }
    chosen.querySelectorAll("[data-picker-none]").forEach((element) => element.remove());
    if (input.type === "radio") {
      chosen.querySelectorAll("label").forEach((label) => label.remove());
    }
    chosen.appendChild(option);
    if (!results.querySelector("label")) {
      results.replaceChildren(); // no "found for …" caption over an empty list
    }
    input.focus();
  });

  // Enter in the search box searches in place instead of posting the whole form.
  document.addEventListener("keydown", (event) => {
    const input = event.target;
    if (event.key !== "Enter" || !(input instanceof HTMLElement)) {
      return;
    }
    if (!input.matches("[data-picker-search]") || !window.htmx) {
      return;
    }
    event.preventDefault();
    window.htmx.trigger(input, "picker-search");
  });
})();
