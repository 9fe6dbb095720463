// Says at once that a file is too big, before the browser sends it (the server checks it again).
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("upload-form");
  if (!form) return;
  const input = form.querySelector("input[type=file]");
  const message = document.getElementById("file-size-error");
  const limit = Number(form.dataset.maxBytes);
  const tooBig = () => input.files.length > 0 && input.files[0].size > limit;
  const show = () => {
    message.hidden = !tooBig();
    input.setAttribute("aria-invalid", tooBig() ? "true" : "false");
  };
  input.addEventListener("change", show);
  form.addEventListener("submit", (event) => {
    show();
    if (tooBig()) {
      event.preventDefault();
      input.focus();
    }
  });
});
