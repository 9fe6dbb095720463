// The placement form asks the engine for the five likeliest occupations of the pasted ad; one click confirms.
(function () {
  "use strict";
  const box = document.getElementById("occupation-proposals");
  if (!box) return;
  const form = box.closest("form");
  const title = form.querySelector("#title");
  const text = form.querySelector("#description");
  const target = form.querySelector("#occupation_id");
  const chosen = document.getElementById("occupation-chosen");
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

  function mark() {
    box.querySelectorAll("button[data-occupation-id]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.occupationId === target.value));
    });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(ask, 700);
  }

  box.addEventListener("click", function (event) {
    const button = event.target.closest("button[data-occupation-id]");
    if (!button) return;
    target.value = button.dataset.occupationId;
    if (chosen) chosen.textContent = chosen.dataset.prefix + ": " + button.dataset.occupationLabel;
    mark();
  });
  title.addEventListener("input", later);
  text.addEventListener("input", later);
  if (title.value.trim() || text.value.trim()) ask();
})();
