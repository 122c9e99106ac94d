/* SupportDesk chat widget. One tag in the host page, nothing else:
 *   <script src="https://desk.example.com/static/chat/widget.js" async
 *           data-host="HOST KEY" data-identity="SIGNED IDENTITY" data-lang="ru"></script>
 * Everything lives in a shadow root: the page's CSS cannot reach it and its CSS cannot reach the
 * page. The root is open: closing it would hide nothing from the page's scripts (they run in the
 * same document and can read the screen, wrap attachShadow or WebSocket), but would shut out
 * accessibility checkers, browser extensions and tests. Customer and agent text is only ever set
 * as text, never as HTML.
 * Nothing is lost or doubled: each message has a client id (a retried send is stored once),
 * unsent messages survive a reload, and a reconnect asks for every update after the last seen.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__supportdeskChat) return;
  window.__supportdeskChat = true;

  var HOST = script.getAttribute("data-host") || "";
  var IDENTITY = script.getAttribute("data-identity") || "";
  var LANG = (script.getAttribute("data-lang") || document.documentElement.lang || "ru")
    .slice(0, 2).toLowerCase() === "en" ? "en" : "ru";
  var DESK = new URL(script.src).origin;
  var SOCKET = DESK.replace(/^http/, "ws") + "/chat/ws/?host=" + encodeURIComponent(HOST) +
    "&lang=" + LANG;
  var STORE = "supportdesk-chat:" + HOST + ":" + IDENTITY.split(".")[0].slice(0, 64);
  var FINAL_CLOSE = { 4400: true, 4401: true, 4403: true };

  var T = {};
  var state = load();
  var socket = null;
  var connected = false;
  var refused = null;
  var retry = 0;
  var reconnectTimer = null;
  var typingUntil = 0;
  var lastTypingSent = 0;
  var unread = 0;
  var hours = { open: true };
  var conversations = {};
  var viewing = null; // ticket number shown, or null for a new conversation

  function load() {
    try {
      var saved = JSON.parse(localStorage.getItem(STORE) || "{}");
      // A file cannot be sent again after a reload (its bytes are gone): only texts wait.
      var pending = (saved.pending || []).filter(function (p) { return !p.file; });
      return { after: saved.after || 0, pending: pending };
    } catch (e) {
      return { after: 0, pending: [] };
    }
  }
  function save() {
    try {
      localStorage.setItem(STORE, JSON.stringify({ after: state.after, pending: state.pending }));
    } catch (e) { /* private mode: the session still works, a reload forgets */ }
  }

  // --- The interface -------------------------------------------------------------------------

  var root = document.createElement("div");
  root.setAttribute("data-supportdesk-chat", "");
  var shadow = root.attachShadow({ mode: "open" });
  var sheet = new CSSStyleSheet();
  sheet.replaceSync([
    // !important: the host element sits in the page, whose own !important rules would win.
    ":host{all:initial!important}",
    "[hidden]{display:none!important}",
    "*{box-sizing:border-box;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}",
    ".launcher{position:fixed;right:16px;bottom:16px;z-index:2147483000;width:56px;height:56px;",
    "border-radius:50%;border:0;background:#1f6feb;color:#fff;cursor:pointer;",
    "box-shadow:0 4px 14px rgba(0,0,0,.25);display:flex;align-items:center;justify-content:center}",
    ".launcher .icon{width:28px;height:28px}.attach .icon{width:20px;height:20px}",
    "form .attach{display:flex;align-items:center;justify-content:center;color:#1f2328}",
    ".launcher:focus-visible,button:focus-visible,textarea:focus-visible{outline:3px solid #f2a900;",
    "outline-offset:2px}",
    ".badge{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;border-radius:10px;",
    "background:#d1242f;color:#fff;font-size:12px;line-height:20px;padding:0 5px}",
    ".panel{position:fixed;right:16px;bottom:84px;z-index:2147483000;width:380px;",
    "max-width:calc(100vw - 16px);height:600px;max-height:calc(100vh - 100px);display:flex;",
    "flex-direction:column;background:#fff;color:#1f2328;border-radius:12px;",
    "box-shadow:0 8px 30px rgba(0,0,0,.3);overflow:hidden;font-size:14px}",
    ".panel.refused{height:auto}.refused .log,.refused .typing{display:none}",
    "@media (max-width:420px){.panel{right:8px;left:8px;width:auto;bottom:76px}}",
    "header{display:flex;align-items:center;gap:6px;padding:10px 12px;background:#1f6feb;color:#fff}",
    "header h2{flex:1;margin:0;font-size:16px}",
    "header button{background:transparent;border:1px solid rgba(255,255,255,.6);color:#fff;",
    "border-radius:6px;padding:4px 8px;cursor:pointer;font-size:13px}",
    ".notice{padding:8px 12px;background:#fff8c5;border-bottom:1px solid #eee;font-size:13px;",
    "white-space:pre-line}",
    ".promise{padding:6px 12px;background:#eef6ee;font-size:13px}",
    ".log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px;margin:0;",
    "list-style:none}",
    ".msg{max-width:85%;padding:8px 10px;border-radius:10px;white-space:pre-wrap;",
    "overflow-wrap:anywhere}",
    ".msg.customer{align-self:flex-end;background:#ddf4ff}",
    ".msg.agent{align-self:flex-start;background:#f6f8fa}",
    ".msg .who{display:block;font-size:12px;color:#57606a;margin-bottom:2px}",
    ".msg .state{display:block;font-size:11px;color:#57606a;text-align:right;margin-top:2px}",
    ".msg.failed{cursor:pointer;border:1px solid #d1242f}",
    ".msg a{color:#0969da}",
    ".file-note{display:block;font-size:12px;color:#7d4e00}",
    ".status{align-self:center;font-size:12px;color:#57606a}",
    ".empty{color:#57606a;text-align:center;margin:auto}",
    ".typing{padding:0 12px 4px;font-size:12px;color:#57606a;min-height:18px}",
    "form{display:flex;gap:6px;padding:8px;border-top:1px solid #eee;align-items:flex-end}",
    "textarea{flex:1;resize:none;height:40px;max-height:120px;padding:8px;border:1px solid #d0d7de;",
    "border-radius:8px;font-size:14px}",
    "form button{height:40px;border-radius:8px;border:0;padding:0 12px;cursor:pointer}",
    ".send{background:#1f6feb;color:#fff}.attach{background:#f6f8fa}",
    ".closed{padding:10px 12px;border-top:1px solid #eee;font-size:13px;color:#57606a}",
    ".history{list-style:none;margin:0;padding:0}",
    ".history button{width:100%;text-align:left;background:#fff;border:0;border-bottom:1px solid #eee;",
    "padding:10px 12px;cursor:pointer}",
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}"
  ].join(""));
  shadow.adoptedStyleSheets = [sheet];

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "hidden") node.hidden = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  // Icons are drawn, not emoji: many systems have no emoji font and would show an empty box.
  function icon(path, filled) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "icon");
    var shape = document.createElementNS(ns, "path");
    shape.setAttribute("d", path);
    shape.setAttribute("fill", filled ? "currentColor" : "none");
    shape.setAttribute("stroke", "currentColor");
    shape.setAttribute("stroke-width", "2");
    shape.setAttribute("stroke-linecap", "round");
    shape.setAttribute("stroke-linejoin", "round");
    svg.appendChild(shape);
    return svg;
  }
  var BUBBLE = "M5 4h14a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2h-9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z";
  var CLIP = "M21.44 11.05l-9.19 9.19a6 6 0 0 1-8.49-8.49l9.19-9.19a4 4 0 0 1 5.66 5.66" +
    "l-9.2 9.19a2 2 0 0 1-2.83-2.83l8.49-8.48";

  var launcher = el("button", { "class": "launcher", type: "button", "aria-expanded": "false" });
  launcher.appendChild(icon(BUBBLE, true));
  var launcherLabel = el("span", { "class": "sr" });
  var badge = el("span", { "class": "badge", hidden: true });
  launcher.appendChild(launcherLabel);
  launcher.appendChild(badge);

  var title = el("h2", { id: "sd-title" });
  var historyButton = el("button", { type: "button" });
  var newButton = el("button", { type: "button" });
  var closeButton = el("button", { type: "button" });
  var notice = el("div", { "class": "notice", role: "status", hidden: true });
  var promise = el("div", { "class": "promise", hidden: true });
  var log = el("ol", { "class": "log", "aria-live": "polite", "aria-labelledby": "sd-title" });
  var typing = el("div", { "class": "typing", "aria-live": "polite" });
  var textarea = el("textarea", { rows: "1" });
  var fileInput = el("input", { type: "file", multiple: "", hidden: true });
  var attachButton = el("button", { type: "button", "class": "attach" });
  attachButton.appendChild(icon(CLIP, false));
  var attachLabel = el("span", { "class": "sr" });
  attachButton.appendChild(attachLabel);
  var sendButton = el("button", { type: "submit", "class": "send" });
  var form = el("form", {}, [fileInput, attachButton, textarea, sendButton]);
  var closedNote = el("div", { "class": "closed", hidden: true });
  var panel = el("section", { "class": "panel", role: "dialog", "aria-labelledby": "sd-title",
    hidden: true }, [
    el("header", {}, [title, historyButton, newButton, closeButton]),
    notice, promise, log, typing, form, closedNote
  ]);
  shadow.appendChild(launcher);
  shadow.appendChild(panel);

  function applyTexts() {
    launcherLabel.textContent = T.open;
    launcher.title = T.open;
    title.textContent = T.title;
    historyButton.textContent = T.history;
    newButton.textContent = T.new_conversation;
    closeButton.textContent = "\u00D7";
    closeButton.setAttribute("aria-label", T.close);
    textarea.placeholder = T.placeholder;
    textarea.setAttribute("aria-label", T.placeholder);
    attachLabel.textContent = T.attach;
    attachButton.title = T.attach;
    sendButton.textContent = T.send;
  }

  function open() {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    unread = 0;
    badge.hidden = true;
    render();
    textarea.focus();
  }
  function close() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }
  launcher.addEventListener("click", function () { panel.hidden ? open() : close(); });
  closeButton.addEventListener("click", close);
  panel.addEventListener("keydown", function (event) { if (event.key === "Escape") close(); });
  newButton.addEventListener("click", function () { viewing = null; render(); textarea.focus(); });
  historyButton.addEventListener("click", showHistory);
  attachButton.addEventListener("click", function () { fileInput.click(); });
  fileInput.addEventListener("change", function () {
    Array.prototype.forEach.call(fileInput.files, upload);
    fileInput.value = "";
  });
  textarea.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); submit(); }
  });
  textarea.addEventListener("input", function () {
    var now = Date.now();
    if (viewing && connected && now - lastTypingSent > 3000) {
      lastTypingSent = now;
      socket.send(JSON.stringify({ type: "typing", ticket: viewing }));
    }
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); submit(); });

  // --- Messages ------------------------------------------------------------------------------

  var messages = {}; // server id -> message json (with ticket)
  var seenUpdates = {};
  var fileNotes = {}; // client id -> what the upload's answer said was removed from the file

  function clientId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function submit() {
    var text = textarea.value.trim();
    if (!text) return;
    textarea.value = "";
    var item = { client_id: clientId(), text: text, ticket: viewing, state: "sending" };
    state.pending.push(item);
    save();
    sendPending(item);
    render();
  }

  function sendPending(item) {
    if (!connected) return;
    item.state = "sending";
    socket.send(JSON.stringify({ type: "send", client_id: item.client_id, text: item.text,
      ticket: item.ticket }));
  }

  function upload(file) {
    var form = new FormData();
    var id = clientId();
    form.append("identity", IDENTITY);
    form.append("client_id", id);
    form.append("lang", LANG);
    if (viewing) form.append("ticket", String(viewing));
    form.append("file", file, file.name);
    var item = { client_id: id, text: T.uploading.replace("%(name)s", file.name), ticket: viewing,
      state: "sending", file: true };
    state.pending.push(item);
    render();
    fetch(DESK + "/chat/upload/?host=" + encodeURIComponent(HOST), { method: "POST", body: form })
      .then(function (response) { return response.json().then(function (body) {
        if (!response.ok) throw new Error(body.message || response.status);
        // What was removed from a HAR: said beside the file, as the portal says it.
        if (body.notes && body.notes.length) fileNotes[id] = body.notes.join(" ");
        acknowledged(body);
      }); })
      .catch(function (error) {
        item.state = "failed";
        item.text = T.upload_failed.replace("%(name)s", file.name)
          .replace("%(reason)s", error.message);
        render();
      });
  }

  function acknowledged(ack) {
    state.pending = state.pending.filter(function (p) { return p.client_id !== ack.client_id; });
    save();
    if (viewing === null) viewing = ack.ticket;
    render();
  }

  function applyUpdates(updates) {
    updates.forEach(function (update) {
      if (seenUpdates[update.id]) return;
      seenUpdates[update.id] = true;
      if (update.id > state.after) state.after = update.id;
      var conversation = conversations[update.ticket] ||
        (conversations[update.ticket] = { ticket: update.ticket, open: true, read_up_to: 0 });
      if (update.kind === "message") {
        var message = update.message;
        message.ticket = update.ticket;
        messages[message.id] = message;
        state.pending = state.pending.filter(function (p) {
          return p.client_id !== message.client_id;
        });
        if (message.from === "agent") {
          typingUntil = 0;
          if (panel.hidden) { unread += 1; badge.textContent = String(unread); badge.hidden = false; }
        }
        if (viewing === null && message.from === "customer" && conversation.open) {
          viewing = update.ticket;
        }
      } else if (update.kind === "status") {
        conversation.status = update.status;
      } else if (update.kind === "read") {
        conversation.read_up_to = Math.max(conversation.read_up_to || 0, update.read_up_to);
      }
    });
    save();
  }

  function applyConversations(list) {
    (list || []).forEach(function (c) {
      var known = conversations[c.ticket] || {};
      c.read_up_to = Math.max(known.read_up_to || 0, c.read_up_to || 0);
      conversations[c.ticket] = c;
    });
  }

  // --- Rendering -----------------------------------------------------------------------------

  function when(iso) {
    return new Intl.DateTimeFormat(LANG === "en" ? "en-GB" : "ru-RU", {
      timeZone: "Europe/Moscow", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit"
    }).format(new Date(iso));
  }

  function render() {
    if (!T.title) return;
    var conversation = viewing ? conversations[viewing] : null;
    var notices = [];
    if (refused) notices.push(refused);
    else if (!connected) notices.push(retry ? T.offline : T.connecting);
    if (!hours.open && !refused) {
      notices.push(T.offline_now + (hours.opens_at ? " " +
        T.opens_at.replace("%(when)s", when(hours.opens_at)) : ""));
    }
    notice.textContent = notices.join("\n");
    notice.hidden = notices.length === 0;
    var promiseText = conversation && conversation.promise && conversation.promise[LANG];
    promise.textContent = promiseText ? promiseText + "." : "";
    promise.hidden = !promiseText;

    var isOpen = !conversation || conversation.open;
    form.hidden = !isOpen || !!refused;
    closedNote.hidden = isOpen || !!refused;
    closedNote.textContent = T.closed_conversation;
    typing.textContent = viewing && Date.now() < typingUntil ? T.typing : "";

    var shown = Object.keys(messages).map(function (id) { return messages[id]; })
      .filter(function (m) { return viewing !== null && m.ticket === viewing; })
      .sort(function (a, b) { return a.id - b.id; });
    var items = shown.map(function (m) {
      var li = el("li", { "class": "msg " + m.from });
      li.appendChild(el("span", { "class": "who",
        text: m.from === "customer" ? T.you : (m.name || T.agent) }));
      li.appendChild(document.createTextNode(m.text));
      (m.files || []).forEach(function (f) {
        var link = el("a", { href: DESK + f.url, download: f.name, text: f.name });
        li.appendChild(el("span", {}, [m.text ? document.createTextNode("\n") : null, link]));
        if (f.note && f.note[LANG]) li.appendChild(el("span", { "class": "file-note",
          text: f.note[LANG] }));
      });
      if (fileNotes[m.client_id]) {
        li.appendChild(el("span", { "class": "file-note", text: fileNotes[m.client_id] }));
      }
      if (m.from === "customer") {
        var read = conversation && m.id <= (conversation.read_up_to || 0);
        li.appendChild(el("span", { "class": "state", text: read ? T.read : T.sent }));
      }
      return li;
    });
    state.pending.filter(function (p) { return p.ticket === viewing; }).forEach(function (p) {
      var li = el("li", { "class": "msg customer" + (p.state === "failed" ? " failed" : "") });
      li.appendChild(document.createTextNode(p.text));
      li.appendChild(el("span", { "class": "state",
        text: p.state === "failed" ? T.failed : T.sending }));
      if (p.state === "failed" && !p.file) {
        li.setAttribute("tabindex", "0");
        li.setAttribute("role", "button");
        li.addEventListener("click", function () { sendPending(p); render(); });
      }
      items.push(li);
    });
    if (conversation && conversation.status) {
      items.push(el("li", { "class": "status", text: T["status_" + conversation.status] || "" }));
    }
    // Refused, the notice says why; nothing invites writing or browsing what cannot be had.
    historyButton.hidden = newButton.hidden = !!refused;
    panel.classList.toggle("refused", !!refused);
    if (!items.length && !refused) items.push(el("li", { "class": "empty", text: T.empty }));
    log.replaceChildren.apply(log, items);
    log.scrollTop = log.scrollHeight;
  }

  function showHistory() {
    var list = Object.keys(conversations).map(function (n) { return conversations[n]; })
      .sort(function (a, b) { return b.ticket - a.ticket; });
    var items = list.map(function (c) {
      var button = el("button", { type: "button",
        text: "#" + c.ticket + " " + (c.subject || "") + " — " + (T["status_" + c.status] || "") });
      button.addEventListener("click", function () { viewing = c.ticket; render(); });
      return el("li", {}, [button]);
    });
    if (!items.length) items.push(el("li", { "class": "empty", text: T.empty }));
    log.replaceChildren(el("li", {}, [el("ul", { "class": "history" }, items)]));
    form.hidden = true;
    closedNote.hidden = true;
    promise.hidden = true;
  }

  // --- The connection ------------------------------------------------------------------------

  function connect() {
    if (socket && socket.readyState <= WebSocket.OPEN) return;
    socket = new WebSocket(SOCKET);
    socket.onopen = function () {
      socket.send(JSON.stringify({ type: "hello", identity: IDENTITY, after: state.after }));
    };
    socket.onmessage = function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      if (frame.type === "welcome") {
        connected = true;
        retry = 0;
        refused = null;
        T = frame.texts || T;
        applyTexts();
        applyConversations(frame.conversations);
        applyUpdates(frame.updates);
        hours = frame.hours || hours;
        if (viewing === null) {
          var openOnes = Object.keys(conversations).map(Number)
            .filter(function (n) { return conversations[n].open; });
          viewing = openOnes.length ? Math.max.apply(null, openOnes) : null;
        }
        state.pending.forEach(function (p) { if (!p.file) sendPending(p); });
        if (frame.more) socket.send(JSON.stringify({ type: "resume", after: state.after }));
      } else if (frame.type === "updates") {
        applyConversations(frame.conversations);
        applyUpdates(frame.updates || []);
        if (frame.hours) hours = frame.hours;
        if (frame.more) socket.send(JSON.stringify({ type: "resume", after: state.after }));
      } else if (frame.type === "ack") {
        acknowledged(frame);
      } else if (frame.type === "typing" && frame.ticket === viewing) {
        typingUntil = Date.now() + 6000;
        setTimeout(render, 6100);
      } else if (frame.type === "error") {
        state.pending.forEach(function (p) {
          if (p.client_id === frame.client_id) { p.state = "failed"; p.error = frame.message; }
        });
        if (!frame.client_id || frame.code === "closed" || frame.code === "not_yours") {
          notice.hidden = false;
          notice.textContent = frame.message;
        }
        if (frame.code === "closed" || frame.code === "not_yours" || frame.code === "too_long" ||
            frame.code === "empty") {
          state.pending = state.pending.filter(function (p) {
            return p.client_id !== frame.client_id;
          });
          save();
        }
      } else if (frame.type === "refused") {
        refused = frame.message;
      }
      render();
    };
    socket.onclose = function (event) {
      connected = false;
      if (FINAL_CLOSE[event.code]) { render(); return; }
      dropped();
    };
  }

  function dropped() {
    connected = false;
    retry = Math.min(retry + 1, 6);
    render();
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(connect,
      Math.min(30000, 500 * Math.pow(2, retry)) * (0.5 + Math.random()));
  }

  setInterval(function () {
    if (connected) socket.send(JSON.stringify({ type: "ping" }));
  }, 30000);
  // When the network goes away the socket can stay half-open for minutes, hearing nothing and
  // saying nothing: drop it at once (the customer sees there is no connection, a message typed
  // now waits), and reconnect as soon as the network is back, resuming from the last update.
  window.addEventListener("offline", function () {
    if (!socket || refused) return;
    var old = socket;
    socket = null;
    old.onopen = old.onmessage = old.onclose = null;
    old.close();
    dropped();
  });
  window.addEventListener("online", function () {
    if (!connected && !refused && (!socket || socket.readyState === WebSocket.CLOSED)) connect();
  });

  fetch(DESK + "/chat/texts/?lang=" + LANG)
    .then(function (response) { return response.json(); })
    .then(function (texts) { T = texts; applyTexts(); render(); })
    .catch(function () { /* the welcome brings the texts too */ });
  (document.body || document.documentElement).appendChild(root);
  connect();
})();
