// Searching the whole taxonomy for an occupation, answered in place while typing. Without this script the
// search button submits (the supplier's form re-renders with the results; staff get a search page).
(function () {
  "use strict";
  document.querySelectorAll("input[data-search]").forEach(function (input) {
    const box = document.getElementById(input.dataset.results);
    const button = input.dataset.button && document.getElementById(input.dataset.button);
    const target = document.getElementById("occupation_id");
    if (!box) return;
    let timer = null;
    let asked = null;

    function search() {
      const q = input.value.trim();
      if (q === asked) return;
      asked = q;
      const params = new URLSearchParams({ q: q, mode: input.dataset.mode || "pick" });
      if (target && target.value) params.set("current", target.value);
      fetch(input.dataset.search + "?" + params.toString(), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (html === null) { asked = null; return; }
          if (q !== input.value.trim()) return;  // typed on meanwhile: a later answer follows
          box.innerHTML = html;
          document.dispatchEvent(new CustomEvent("occupations-shown"));
        })
        .catch(function () { asked = null; });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, input.value.trim().length < 2 ? 0 : 250);
    });
    // Enter and the search button search in place instead of submitting the form.
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      clearTimeout(timer);
      asked = null;
      search();
    });
    if (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        clearTimeout(timer);
        asked = null;
        search();
      });
    }
  });
})();
