// The placement form asks the engine for the five likeliest occupations of the pasted ad; one click
// confirms. The same click chooses an occupation found by searching the taxonomy (occupation_search.js).
// A chosen occupation stays chosen when the headline changes: only a click on another occupation changes it.
(function () {
  "use strict";
  const box = document.getElementById("occupation-proposals");
  if (!box) return;
  const form = box.closest("form");
  const title = form.querySelector("#title");
  const text = form.querySelector("#description");
  const target = form.querySelector("#occupation_id");
  const chosen = document.getElementById("occupation-chosen");
  const kept = document.getElementById("occupation-kept");
  let timer = null;
  let asked = "";

  function ask() {
    const key = title.value + "\u0000" + text.value;
    if (key === asked || (!title.value.trim() && !text.value.trim())) return;
    asked = key;
    const body = new FormData();
    body.append("title", title.value.slice(0, 200));
    body.append("description", text.value);
    body.append("csrf_token", form.querySelector("input[name=csrf_token]").value);
    fetch(box.dataset.proposals, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) { if (html) { box.innerHTML = html; mark(); } })
      .catch(function () { asked = ""; });
  }

  // Every occupation button of the form (proposals and search results) says whether it is the chosen one.
  function mark() {
    form.querySelectorAll("button[data-occupation-id]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.occupationId === target.value));
    });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(ask, 700);
  }

  form.addEventListener("click", function (event) {
    const button = event.target.closest("button[data-occupation-id]");
    if (!button) return;
    event.preventDefault();  // search results submit the form only when this script is missing
    target.value = button.dataset.occupationId;
    if (chosen) {
      chosen.textContent = chosen.dataset.prefix + ": " + (button.dataset.occupationText || button.dataset.occupationLabel);
    }
    mark();
  });
  // The title's suggestions may set an occupation when none was chosen (app.js): word it with its group.
  target.addEventListener("change", function () {
    mark();
    if (!chosen || !target.value) return;
    fetch(chosen.dataset.chosen + "?id=" + encodeURIComponent(target.value), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) { if (html.trim()) chosen.textContent = html.trim(); });
  });
  title.addEventListener("input", function () {
    if (kept && target.value) kept.hidden = false;  // say so: the occupation is kept
    later();
  });
  text.addEventListener("input", later);
  document.addEventListener("occupations-shown", mark);
  if (title.value.trim() || text.value.trim()) ask();
})();
