// The article list's filters: text and "only with work waiting".
"use strict";
const filter = document.getElementById("filter");
const waiting = document.getElementById("only-waiting");
function apply() {
  const needle = filter.value.toLowerCase();
  for (const row of document.querySelectorAll("tbody tr")) {
    const shown = row.textContent.toLowerCase().includes(needle) &&
      (!waiting.checked || Number(row.dataset.waiting || 0) > 0);
    row.hidden = !shown;
  }
}
filter.addEventListener("input", apply);
waiting.addEventListener("change", apply);
