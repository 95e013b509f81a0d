// Small enhancements; every action also works without JavaScript.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Ask before destructive actions.
  for (const form of document.querySelectorAll("form.confirm")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm || "Are you sure?")) event.preventDefault();
    });
  }
  // Copy an invite link with one tap.
  for (const button of document.querySelectorAll("button.copy")) {
    const field = document.getElementById(button.dataset.copy);
    if (!field || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(field.value);
      button.textContent = "Copied";
    });
  }
  localTimes(document);
});

// Every time on a page, in the reader's own time zone and format (the server writes UTC). The
// live script calls it for what it inserts, so one page never mixes the two.
function localTimes(scope) {
  for (const time of scope.querySelectorAll("time[datetime]")) {
    const date = new Date(time.dateTime);
    if (!isNaN(date)) time.textContent = date.toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
  }
}
window.wildcatLocalTimes = localTimes;
