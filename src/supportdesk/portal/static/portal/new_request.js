// The new-request form asks only what this kind of problem needs (DESIGN.md §1).
(function () {
  const form = document.querySelector("form.new-request");
  if (!form) return;
  const enterprise = form.dataset.enterprise === "1";
  const byKind = {
    user_facing_error: ["reproduction_steps", "affected_user_email", "diagram_link", "browser_version", "har_file", "image_version", "log_file"],
    server_error: ["reproduction_steps", "diagram_link", "image_version", "log_file"],
    question: ["diagram_link"],
  };
  const enterpriseOnly = ["image_version", "log_file"];
  const optional = new Set(Object.values(byKind).flat());
  function update() {
    const checked = form.querySelector("input[name=problem_kind]:checked");
    const wanted = new Set(byKind[checked ? checked.value : "user_facing_error"]);
    optional.forEach((name) => {
      const box = document.getElementById("field-" + name);
      if (!box) return;
      const show = wanted.has(name) && (enterprise || !enterpriseOnly.includes(name));
      box.hidden = !show;
    });
    const help = document.getElementById("har-help");
    if (help) help.hidden = !wanted.has("har_file");
  }
  form.addEventListener("change", update);
  update();
})();
