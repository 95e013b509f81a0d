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
  deadlineInLocalTime(document.querySelector("fieldset.deadline"));
});

// A proposal's deadline, given on the reader's clock: the server needs the offset from UTC at
// the chosen moment (which daylight saving may change), so it is worked out on submit.
function deadlineInLocalTime(fieldset) {
  if (!fieldset) return;
  const offset = fieldset.querySelector("[data-utc-offset]");
  const local = fieldset.querySelector("input[type=datetime-local]");
  const custom = fieldset.querySelector("input[name=closes][value=custom]");
  const offsetAt = (date) => String(-date.getTimezoneOffset());
  offset.value = offsetAt(new Date());
  const note = fieldset.querySelector("[data-zone-note]");
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (note) note.textContent = `Times are in your time zone${zone ? ` (${zone})` : ""}. Voting also closes once every member has voted.`;
  local.addEventListener("input", () => { if (custom) custom.checked = true; });
  fieldset.closest("form").addEventListener("submit", () => {
    if (custom && custom.checked && local.value) {
      const chosen = new Date(local.value);
      if (!isNaN(chosen)) offset.value = offsetAt(chosen);
    }
  });
}

// Every time on a page, in the reader's own time zone and format (the server writes UTC). The
// live script calls it for what it inserts, so one page never mixes the two.
function localTimes(scope) {
  for (const time of scope.querySelectorAll("time[datetime]")) {
    const date = new Date(time.dateTime);
    if (!isNaN(date)) time.textContent = date.toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
  }
}
window.wildcatLocalTimes = localTimes;
