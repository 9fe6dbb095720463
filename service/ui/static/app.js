// Progressive enhancement only: every page works without this script.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const indicator = form.dataset.progress && document.getElementById(form.dataset.progress);
  if (indicator) {
    indicator.hidden = false;
    form.querySelectorAll("button[type=submit]").forEach((b) => { b.disabled = true; });
  }
});

// Taxonomy suggestions while a supplier types (the form works without them).
document.querySelectorAll("input[data-suggest]").forEach((input) => {
  const list = document.getElementById(input.getAttribute("list"));
  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const term = input.value.split(",").pop().trim();
    if (term.length < 2) return;
    timer = setTimeout(async () => {
      const res = await fetch(`${input.dataset.suggest}?q=${encodeURIComponent(term)}&limit=8`, { credentials: "same-origin" });
      if (!res.ok) return;
      const body = await res.json();
      const items = body.items || body;
      list.replaceChildren(...items.map((s) => { const o = document.createElement("option"); o.value = s.label; o.dataset.id = s.id; return o; }));
      const target = input.dataset.target && document.getElementById(input.dataset.target);
      if (target) { const hit = items.find((s) => s.label === input.value); target.value = hit ? hit.id : ""; }
    }, 150);
  });
});
