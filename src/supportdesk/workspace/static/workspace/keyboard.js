// Keyboard use of the queue: j/k move, Enter opens, / searches, 1-8 switch views.
(function () {
  function rows() { return Array.from(document.querySelectorAll("tr.ticket-row")); }
  let index = -1;
  function select(i) {
    const all = rows();
    if (!all.length) return;
    index = Math.max(0, Math.min(i, all.length - 1));
    all.forEach((r, n) => r.classList.toggle("selected", n === index));
    all[index].scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", function (e) {
    const tag = (e.target.tagName || "").toLowerCase();
    if (["input", "textarea", "select"].includes(tag) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "j") { select(index + 1); e.preventDefault(); }
    else if (e.key === "k") { select(index - 1); e.preventDefault(); }
    else if (e.key === "Enter" && index >= 0) { const a = rows()[index].querySelector("a"); if (a) a.click(); }
    else if (e.key === "/") { const s = document.getElementById("search-box"); if (s) { s.focus(); e.preventDefault(); } }
    else if (/^[1-8]$/.test(e.key)) { const v = document.querySelectorAll(".views a")[Number(e.key) - 1]; if (v) v.click(); }
    else if (e.key === "r") { const b = document.getElementById("reply-body"); if (b) { b.focus(); e.preventDefault(); } }
  });
})();
