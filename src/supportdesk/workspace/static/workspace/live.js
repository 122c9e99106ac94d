// Live desk pages: a socket tells the queue and the ticket page that something changed, and
// they fetch it (htmx, on the "desk-changed" event); their own polling stays as the fallback.
// On a chat ticket the customer's typing shows, and the agent's typing reaches the customer.
(function () {
  const page = document.getElementById("ticket-page");
  const ticket = page ? page.dataset.ticket : "";
  const chat = page && page.hasAttribute("data-chat");
  const url = location.origin.replace(/^http/, "ws") + "/desk/ws/" + (ticket ? "?ticket=" + ticket : "");
  let socket = null;
  let retry = 0;
  let changedTimer = null;
  let typingTimer = null;
  let lastTyping = 0;

  function changed() {
    clearTimeout(changedTimer);
    changedTimer = setTimeout(function () {
      document.body.dispatchEvent(new CustomEvent("desk-changed"));
    }, 150);
  }

  function customerTyping() {
    const note = document.getElementById("customer-typing");
    if (!note) return;
    note.hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () { note.hidden = true; }, 6000);
  }

  function connect() {
    socket = new WebSocket(url);
    socket.onopen = function () { retry = 0; };
    socket.onmessage = function (event) {
      let frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      if (frame.type === "changed") changed();
      else if (frame.type === "typing") customerTyping();
    };
    socket.onclose = function () {
      retry = Math.min(retry + 1, 6);
      setTimeout(connect, Math.min(30000, 500 * Math.pow(2, retry)));
    };
  }

  // The timeline marks a chat read only while the agent can see it.
  document.body.addEventListener("htmx:configRequest", function (event) {
    if (document.visibilityState === "visible") event.detail.parameters.seen = "1";
  });

  const body = document.getElementById("reply-body");
  const internal = document.getElementById("reply-internal");
  if (chat && body) {
    document.addEventListener("input", function (event) {
      if (event.target.id !== "reply-body" || (internal && internal.checked)) return;
      const now = Date.now();
      if (socket && socket.readyState === WebSocket.OPEN && now - lastTyping > 2500) {
        lastTyping = now;
        socket.send(JSON.stringify({ type: "typing" }));
      }
    });
  }
  connect();
})();
