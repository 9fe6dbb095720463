// Progressive enhancement only: every page works without this script.

// The shortlist computation: started in the background and followed step by step, when the server
// offers it (data-start); otherwise, or if anything fails, the form posts as usual.
document.addEventListener("submit", async (event) => {
  const form = event.target;
  const box = form.dataset.progress && document.getElementById(form.dataset.progress);
  if (!box) return;
  box.hidden = false;
  form.querySelectorAll("button[type=submit]").forEach((b) => { b.disabled = true; });
  if (!form.dataset.start || !window.fetch) return;
  event.preventDefault();
  const bar = document.getElementById("progress-bar");
  const label = document.getElementById("progress-label");
  const fallback = () => { form.removeAttribute("data-start"); form.submit(); };
  try {
    const res = await fetch(form.dataset.start, { method: "POST", body: new FormData(form), credentials: "same-origin" });
    if (!res.ok) return fallback();
    const { poll } = await res.json();
    for (;;) {
      await new Promise((r) => setTimeout(r, 400));
      const state = await fetch(poll, { credentials: "same-origin" });
      if (!state.ok) return fallback();
      const s = await state.json();
      bar.max = s.steps; bar.value = s.done ? s.steps : s.step - 1;
      label.textContent = s.done ? s.label : `${s.counter}: ${s.label} …`;
      if (s.done) { if (s.ok) window.location.assign(s.next); else form.querySelectorAll("button").forEach((b) => { b.disabled = false; }); return; }
    }
  } catch (e) { fallback(); }
});

// Decisions: only reasons that fit the chosen decision can be picked; saved in place (no jump to the top),
// the outcome announced in the page's live region and shown in the row.
function fitReasons(form) {
  const chosen = form.querySelector("input[name=decision]:checked");
  const select = form.querySelector("select[name=reason_code]");
  if (!select) return;
  select.querySelectorAll("option[data-for]").forEach((o) => {
    o.disabled = !!chosen && !o.dataset.for.split(" ").includes(chosen.value);
  });
  if (select.selectedOptions[0] && select.selectedOptions[0].disabled) select.value = "";
}
function wireDecision(form) {
  form.addEventListener("change", () => fitReasons(form));
  fitReasons(form);
  form.addEventListener("submit", async (event) => {
    if (!window.fetch) return;
    event.preventDefault();
    const id = form.dataset.entry;
    const msg = document.getElementById(`msg-${id}`);
    const live = document.getElementById("page-status");
    const alert = document.getElementById("page-alert");
    let res;
    let body;
    try {
      res = await fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" }, redirect: "manual" });
      body = await res.json();
    } catch (e) { HTMLFormElement.prototype.submit.call(form); return; }  // e.g. the session expired
    if (!body.ok) {
      msg.textContent = body.message; msg.className = "row-msg error";
      if (live) live.textContent = "";
      if (alert) alert.textContent = body.message;
      return;
    }
    if (alert) alert.textContent = "";
    // The row again as the server now sees it (latest decision, marker, new version), in place.
    const page = await fetch(window.location.href, { credentials: "same-origin" });
    const doc = new DOMParser().parseFromString(await page.text(), "text/html");
    const fresh = doc.getElementById(`entry-${id}`);
    const row = document.getElementById(`entry-${id}`);
    if (fresh && row) {
      row.replaceWith(fresh);
      fresh.querySelectorAll("form.decide-form").forEach(wireDecision);
    }
    const m = document.getElementById(`msg-${id}`);
    m.textContent = body.message; m.className = "row-msg notice";
    m.focus({ preventScroll: true });
    if (live) live.textContent = body.message;  // announced once the row shows the new state
  });
}
document.querySelectorAll("form.decide-form").forEach(wireDecision);

// Taxonomy suggestions while a supplier types (the form works without them).
document.querySelectorAll("input[data-suggest]").forEach((input) => {
  const list = document.getElementById(input.getAttribute("list"));
  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const term = input.value.split(",").pop().trim();
    const target = input.dataset.target && document.getElementById(input.dataset.target);
    // A title names an occupation only while none is chosen: editing the title (even its capitalisation)
    // never clears or replaces a chosen or confirmed one; a person changes it among the occupations.
    const fill = (id) => { if (target && !target.value && id) { target.value = id; target.dispatchEvent(new Event("change")); } };
    fill(([...list.options].find((o) => o.value === input.value) || {}).dataset?.id);
    if (term.length < 2) return;
    timer = setTimeout(async () => {
      // Skill fields name the form's occupation field: that occupation's skills are suggested first.
      const chosen = input.dataset.occupation && document.getElementById(input.dataset.occupation);
      const scope = chosen && chosen.value ? `&occupation_id=${encodeURIComponent(chosen.value)}` : "";
      const res = await fetch(`${input.dataset.suggest}?q=${encodeURIComponent(term)}&limit=8${scope}`, { credentials: "same-origin" });
      if (!res.ok) return;
      const body = await res.json();
      const items = body.items || body;
      list.replaceChildren(...items.map((s) => {
        const o = document.createElement("option");
        o.value = s.label; o.dataset.id = s.id;
        if (s.occupation && s.occupation !== s.label) o.label = s.occupation;
        return o;
      }));
      fill((items.find((s) => s.label === input.value) || {}).id);
    }, 150);
  });
});

// A stale shortlist (the placement changed after it was ranked): recomputed at once, with the same
// progress as pressing the button. Without this script the notice and the button say what to do.
document.querySelectorAll("form[data-autostart]").forEach((form) => {
  if (form.requestSubmit) form.requestSubmit();
});
