// Copy buttons for feed addresses: a button with data-copy="<input id>" copies that input.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const input = document.getElementById(button.dataset.copy);
  if (!input) return;
  input.select();
  const done = () => {
    button.dataset.label = button.dataset.label || button.textContent;
    button.textContent = button.dataset.copied;
    setTimeout(() => { button.textContent = button.dataset.label; }, 2000);
  };
  if (navigator.clipboard) {
    navigator.clipboard.writeText(input.value).then(done, () => {});
  } else {
    document.execCommand("copy");
    done();
  }
});
