/* The attempt page: save every answer the moment it is given, never lose one.
 *
 * - A change (or typing, debounced) in a question POSTs the save API with the slot's
 *   next sequence number; the answer stays in localStorage until the server
 *   acknowledges it (a stale seq is acknowledged with saved=false: nothing to resend).
 * - On failure: the "offline — answers kept" banner (role=status), retries with
 *   exponential backoff, resends in the order the answers were given.
 * - On reload: unacknowledged local answers newer than the server's are put back into
 *   the inputs and sent again.
 * - The timer counts down from the server's remaining seconds using the monotonic clock
 *   (performance.now), resynchronised by every heartbeat: the device's own clock and
 *   time zone do not matter. Screen readers hear 10, 5 and 1 minute(s) left.
 * Without JavaScript the page still works: the form saves the page's answers.
 */
(function () {
  "use strict";
  var root = document.getElementById("attempt-root");
  if (!root) return;
  var attemptId = root.dataset.attempt;
  var saveUrl = root.dataset.saveUrl;
  var heartbeatUrl = root.dataset.heartbeatUrl;
  var resultUrl = root.dataset.resultUrl;
  var form = document.getElementById("attempt-form");
  var offlineBox = document.getElementById("attempt-offline");
  var savedBox = document.getElementById("attempt-saved");
  var timerEl = document.getElementById("attempt-timer");
  var announceEl = document.getElementById("attempt-timer-announce");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var storeKey = "dot-attempt-" + attemptId;
  var HEARTBEAT_MS = 20000;
  var DEBOUNCE_MS = 700;

  // --- local store: {pending: {slot: {seq, fields, order}}, seqs: {slot: seq}, order: n}
  function load() {
    try {
      var raw = window.localStorage.getItem(storeKey);
      if (raw) return JSON.parse(raw);
    } catch (e) { /* storage off or corrupt: start empty */ }
    return { pending: {}, seqs: {}, order: 0 };
  }
  var store = load();
  function persist() {
    try { window.localStorage.setItem(storeKey, JSON.stringify(store)); } catch (e) { /* full */ }
  }

  var sections = {};
  Array.prototype.forEach.call(form.querySelectorAll("section[data-slot]"), function (s) {
    sections[s.dataset.slot] = s;
    var serverSeq = parseInt(s.dataset.seq || "0", 10);
    if ((store.seqs[s.dataset.slot] || 0) < serverSeq) store.seqs[s.dataset.slot] = serverSeq;
  });

  function fieldsOf(section) {
    var prefix = section.dataset.prefix;
    var fields = {};
    Array.prototype.forEach.call(section.querySelectorAll("input, select, textarea"), function (el) {
      if (!el.name || el.name.indexOf(prefix) !== 0 || el.disabled || el.type === "file") return;
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) {
        if (!(el.name in fields)) fields[el.name] = [];
        return;
      }
      if (el.tagName === "SELECT" && el.multiple) {
        fields[el.name] = Array.prototype.map.call(el.selectedOptions, function (o) { return o.value; });
        return;
      }
      (fields[el.name] = fields[el.name] || []).push(el.value);
    });
    return fields;
  }

  function restore(section, fields) {
    var prefix = section.dataset.prefix;
    Array.prototype.forEach.call(section.querySelectorAll("input, select, textarea"), function (el) {
      if (!el.name || el.name.indexOf(prefix) !== 0 || !(el.name in fields) || el.type === "file") return;
      var values = fields[el.name] || [];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = values.indexOf(el.value) !== -1;
      } else {
        el.value = values.length ? values[0] : "";
      }
    });
  }

  // --- status ------------------------------------------------------------------------
  function showOffline(on) {
    if (on) {
      offlineBox.textContent = root.dataset.msgOffline;
      offlineBox.hidden = false;
    } else {
      offlineBox.hidden = true;
      offlineBox.textContent = "";
    }
  }
  function pendingCount() { return Object.keys(store.pending).length; }
  function showSaved() {
    savedBox.textContent = pendingCount() ? root.dataset.msgSaving : root.dataset.msgSaved;
  }

  // --- sending, in order, one at a time ------------------------------------------------
  var sending = false;
  var failures = 0;
  var retryTimer = null;
  var closed = false;

  function nextPending() {
    var best = null;
    Object.keys(store.pending).forEach(function (slot) {
      var p = store.pending[slot];
      if (!best || p.order < best.p.order) best = { slot: slot, p: p };
    });
    return best;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json" },
      body: JSON.stringify(body || {}),
    });
  }

  function pump() {
    if (sending || closed) return;
    var item = nextPending();
    if (!item) { showSaved(); return; }
    sending = true;
    var sent = item.p;
    post(saveUrl, { slot: parseInt(item.slot, 10), seq: sent.seq, fields: sent.fields })
      .then(function (resp) {
        if (resp.status === 200) return resp.json().then(function () { ack(item.slot, sent, null); });
        if (resp.status === 400) {
          return resp.json().then(function (data) { ack(item.slot, sent, (data && data.detail) || "?"); });
        }
        if (resp.status === 409) {
          closed = true;
          store.pending = {};
          persist();
          savedBox.textContent = root.dataset.msgClosed;
          window.setTimeout(function () { window.location.href = resultUrl; }, 1500);
          return null;
        }
        throw new Error("HTTP " + resp.status);
      })
      .then(function () {
        sending = false;
        failures = 0;
        showOffline(false);
        pump();
      })
      .catch(function () {
        sending = false;
        failures += 1;
        showOffline(true);
        showSaved();
        var delay = Math.min(30000, 1000 * Math.pow(2, failures - 1));
        window.clearTimeout(retryTimer);
        retryTimer = window.setTimeout(pump, delay);
      });
  }

  function ack(slot, sent, error) {
    var current = store.pending[slot];
    if (current && current.seq === sent.seq) delete store.pending[slot];
    persist();
    var section = sections[slot];
    if (section) {
      var box = section.querySelector("[data-slot-error]");
      if (box) box.textContent = error || "";
      section.dataset.seq = String(Math.max(parseInt(section.dataset.seq || "0", 10), sent.seq));
    }
  }

  function enqueue(section) {
    if (closed) return;
    var slot = section.dataset.slot;
    var seq = (store.seqs[slot] || 0) + 1;
    store.seqs[slot] = seq;
    store.order += 1;
    store.pending[slot] = { seq: seq, fields: fieldsOf(section), order: store.order };
    persist();
    showSaved();
    pump();
  }

  var debounce = {};
  function onEdit(event, typing) {
    var section = event.target.closest && event.target.closest("section[data-slot]");
    if (!section) return;
    var slot = section.dataset.slot;
    window.clearTimeout(debounce[slot]);
    if (typing) {
      debounce[slot] = window.setTimeout(function () {
        debounce[slot] = null;
        enqueue(section);
      }, DEBOUNCE_MS);
    } else {
      enqueue(section);
    }
  }
  // Essay attachments: uploaded at once, then the answer (with the stored name) is saved.
  function upload(input) {
    var section = input.closest("section[data-slot]");
    if (!section || !input.files || !input.files.length) return;
    var slot = section.dataset.slot;
    var box = section.querySelector("[data-slot-error]");
    var data = new FormData();
    data.append("file", input.files[0]);
    fetch(root.dataset.fileUrl.replace("/slots/0/", "/slots/" + slot + "/"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "Accept": "application/json" },
      body: data,
    })
      .then(function (resp) {
        return resp.json().then(function (body) {
          if (!resp.ok) throw new Error((body && body.detail) || "HTTP " + resp.status);
          return body;
        });
      })
      .then(function (body) {
        var name = section.dataset.prefix + "file";
        var hidden = section.querySelector("input[type=hidden][name='" + name + "']");
        if (!hidden) {
          hidden = document.createElement("input");
          hidden.type = "hidden";
          hidden.name = name;
          input.parentNode.appendChild(hidden);
        }
        hidden.value = body.file;
        input.value = "";
        if (box) box.textContent = "";
        enqueue(section);
      })
      .catch(function (err) {
        if (box) {
          box.textContent = err && err.message && err.message.indexOf("HTTP") !== 0 && err.message !== "Failed to fetch"
            ? err.message
            : root.dataset.msgFileFailed;
        }
      });
  }
  form.addEventListener("change", function (e) {
    if (e.target.type === "file") {
      upload(e.target);
      return;
    }
    onEdit(e, false);
  });
  form.addEventListener("input", function (e) {
    var t = e.target;
    if (t.tagName === "TEXTAREA" || (t.tagName === "INPUT" && /^(text|number|search)$/.test(t.type))) {
      onEdit(e, true);
    }
  });
  // Flush typed answers before leaving the page; the form's own POST saves them too.
  form.addEventListener("submit", function (e) {
    Object.keys(debounce).forEach(function (slot) {
      window.clearTimeout(debounce[slot]);
    });
    if (failures > 0) {
      // Offline: stay on the page (the answers are kept here and sent on reconnection).
      e.preventDefault();
      showOffline(true);
      pump();
    }
  });
  window.addEventListener("online", function () { failures = 0; pump(); });
  // Leaving the page while typing: keep the typed answer (sent from the next page).
  window.addEventListener("pagehide", function () {
    Object.keys(debounce).forEach(function (slot) {
      if (debounce[slot] && sections[slot]) {
        window.clearTimeout(debounce[slot]);
        debounce[slot] = null;
        enqueue(sections[slot]);
      }
    });
  });

  // --- restore unacknowledged answers after a reload -----------------------------------
  Object.keys(store.pending).forEach(function (slot) {
    var p = store.pending[slot];
    var section = sections[slot];
    var serverSeq = section ? parseInt(section.dataset.seq || "0", 10) : 0;
    if (section && p.seq <= serverSeq) {
      delete store.pending[slot];
    } else if (section) {
      restore(section, p.fields);
    }
  });
  persist();
  showSaved();
  pump();

  // --- timer ---------------------------------------------------------------------------
  var endAt = null;
  function setRemaining(seconds) {
    if (seconds === null || seconds === undefined || seconds === "") return;
    endAt = performance.now() + Number(seconds) * 1000;
  }
  setRemaining(root.dataset.remaining);
  var announced = {};
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    if (endAt === null || !timerEl) return;
    var left = Math.max(0, Math.round((endAt - performance.now()) / 1000));
    var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
    timerEl.textContent = (h ? h + ":" + pad(m) : m) + ":" + pad(s);
    [10, 5, 1].forEach(function (mark) {
      if (left <= mark * 60 && left > (mark * 60 - 30) && !announced[mark]) {
        announced[mark] = true;
        announceEl.textContent = root.dataset.msgLeft.replace("MINUTES", String(mark));
      }
    });
    if (left === 0 && !announced.over) {
      announced.over = true;
      announceEl.textContent = root.dataset.msgOver;
      // The server accepts answers for the grace period; send what is left now, then
      // open the result (the server closes the attempt with what was saved).
      pump();
      var grace = parseInt(root.dataset.grace || "0", 10);
      window.setTimeout(function () {
        if (endAt !== null && endAt - performance.now() > 1000) {
          announced.over = false; // the teacher added time meanwhile
          return;
        }
        closed = true;
        window.location.href = resultUrl;
      }, (grace + 2) * 1000);
    }
  }
  window.setInterval(tick, 1000);
  tick();

  function heartbeat() {
    if (closed) return;
    post(heartbeatUrl, {})
      .then(function (resp) {
        if (resp.status === 404) {
          closed = true;
          window.location.href = resultUrl;
          return null;
        }
        if (!resp.ok) throw new Error("HTTP " + resp.status);
        return resp.json().then(function (data) {
          setRemaining(data.remaining_seconds);
          if (!pendingCount()) showOffline(false);
        });
      })
      .catch(function () { showOffline(true); });
  }
  window.setInterval(heartbeat, HEARTBEAT_MS);
})();
