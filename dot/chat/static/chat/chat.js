/* Live chat of DOT: one WebSocket per chat widget ([data-chat-room]).
 *
 * New messages, typing and presence arrive without reloading; the message log is an
 * aria-live region. After a dropped connection the widget reconnects by itself with
 * exponential back-off and asks for what it missed (?after=<last seen id>).
 * Messages are plain text: they are put into the page with textContent, never as HTML.
 */
(function () {
  "use strict";

  function fmt(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) {
      return values[key] === undefined ? "" : String(values[key]);
    });
  }

  // "2026-11-26T05:06:12.345+06:00" → "26.11.2026 05:06": the portal's time zone, as the
  // server writes it (the browser's own zone may differ).
  function localStamp(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso || "");
    return m ? m[3] + "." + m[2] + "." + m[1] + " " + m[4] + ":" + m[5] : "";
  }

  function ChatWidget(root) {
    this.root = root;
    this.roomId = root.dataset.chatRoom;
    this.path = root.dataset.wsPath;
    this.moderator = root.dataset.moderator === "1";
    this.heartbeat = (parseInt(root.dataset.heartbeat, 10) || 20) * 1000;
    this.lastId = parseInt(root.dataset.lastId, 10) || 0;
    this.firstId = null;
    this.log = root.querySelector("[data-chat-log]");
    this.list = root.querySelector("[data-chat-list]");
    this.status = root.querySelector("[data-chat-status]");
    this.online = root.querySelector("[data-chat-online]");
    this.typingLine = root.querySelector("[data-chat-typing]");
    this.form = root.querySelector("[data-chat-form]");
    this.error = root.querySelector("[data-chat-error]");
    this.earlier = root.querySelector("[data-chat-earlier]");
    var i18nNode = document.getElementById("chat-i18n");
    this.t = i18nNode ? JSON.parse(i18nNode.textContent) : {};
    this.attempt = 0;
    this.socket = null;
    this.typingTimers = {};
    this.typingNames = {};
    this.lastTypingSent = 0;
    var first = this.list.querySelector("[data-id]");
    if (first) this.firstId = parseInt(first.dataset.id, 10);
    this.bind();
    this.connect();
  }

  ChatWidget.prototype.setStatus = function (text) {
    if (this.status) this.status.textContent = text;
  };

  ChatWidget.prototype.url = function () {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var url = scheme + window.location.host + this.path;
    if (this.lastId) url += "?after=" + this.lastId;
    return url;
  };

  ChatWidget.prototype.connect = function () {
    var self = this;
    this.setStatus(this.t.connecting || "…");
    var socket = new WebSocket(this.url());
    this.socket = socket;
    socket.onopen = function () {
      self.attempt = 0;
      self.root.dataset.connected = "1";
      self.setStatus(self.t.connected || "");
      clearInterval(self.beat);
      self.beat = setInterval(function () { self.send({ type: "heartbeat" }); }, self.heartbeat);
    };
    socket.onmessage = function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      self.handle(data);
    };
    socket.onclose = function () {
      self.root.dataset.connected = "";
      clearInterval(self.beat);
      if (self.socket !== socket) return;  // closed on purpose (offline)
      self.socket = null;
      self.scheduleReconnect();
    };
  };

  ChatWidget.prototype.scheduleReconnect = function () {
    var self = this;
    clearTimeout(this.retry);
    if (navigator.onLine === false) {
      // No network: wait for the browser's "online" event instead of retrying blindly.
      this.setStatus(this.t.offline || "");
      return;
    }
    // Exponential back-off with jitter: 1, 2, 4 … at most 30 s.
    var delay = Math.min(30000, 1000 * Math.pow(2, this.attempt)) + Math.floor(Math.random() * 500);
    this.attempt += 1;
    this.setStatus(fmt(this.t.reconnecting || "%(seconds)s", { seconds: Math.round(delay / 1000) }));
    this.retry = setTimeout(function () { self.connect(); }, delay);
  };

  ChatWidget.prototype.goOffline = function () {
    // A socket may stay "open" for minutes after the network is gone: drop it now and
    // reconnect (asking for what was missed) when the network is back.
    clearTimeout(this.retry);
    clearInterval(this.beat);
    var socket = this.socket;
    this.socket = null;
    this.root.dataset.connected = "";
    if (socket) socket.close();
    this.setStatus(this.t.offline || "");
  };

  ChatWidget.prototype.goOnline = function () {
    clearTimeout(this.retry);
    this.attempt = 0;
    if (!this.socket) this.connect();
  };

  ChatWidget.prototype.send = function (payload) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(payload));
      return true;
    }
    return false;
  };

  ChatWidget.prototype.handle = function (data) {
    var self = this;
    switch (data.type) {
      case "hello":
        this.showPresence(data.presence);
        break;
      case "history":
        if (data.before) {
          this.prepend(data.messages);
        } else {
          this.clear();
          data.messages.forEach(function (m) { self.append(m); });
        }
        this.setEarlier(data.has_more);
        this.markRead();
        break;
      case "missed":
        if (!data.complete) {
          this.lastId = 0;
          this.send({ type: "history" });
          break;
        }
        data.messages.forEach(function (m) { self.append(m); });
        this.markRead();
        break;
      case "message":
        this.append(data.message);
        this.clearTyping(data.message.author && data.message.author.id);
        this.markRead();
        break;
      case "typing":
        this.showTyping(data.user);
        break;
      case "presence":
        this.showPresence(data.users);
        break;
      case "deleted":
        this.markDeleted(data.id);
        break;
      case "muted":
      case "error":
      case "notice":
        if (this.error) this.error.textContent = data.message;
        break;
    }
  };

  ChatWidget.prototype.clear = function () {
    while (this.list.firstChild) this.list.removeChild(this.list.firstChild);
    this.firstId = null;
  };

  ChatWidget.prototype.render = function (m) {
    var self = this;
    var li = document.createElement("li");
    li.className = "chat-msg mb-2";
    li.dataset.id = m.id;
    var who = document.createElement("span");
    who.className = "fw-semibold";
    who.textContent = m.author ? m.author.name : (this.t.former || "");
    var when = document.createElement("time");
    when.className = "small text-body-secondary";
    when.dateTime = m.created;
    when.textContent = " " + localStamp(m.created);
    var text = document.createElement("div");
    text.className = "chat-text";
    text.style.whiteSpace = "pre-wrap";
    li.appendChild(who);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(when);
    li.appendChild(text);
    if (m.deleted) {
      text.className += " fst-italic text-body-secondary";
      text.textContent = this.t.deleted || "";
    } else {
      text.textContent = m.text;
      if (this.moderator) {
        var del = document.createElement("button");
        del.type = "button";
        del.className = "btn btn-link btn-sm p-0 text-danger";
        del.textContent = this.t.delete || "Delete";
        del.dataset.chatDeleteButton = m.id;
        del.addEventListener("click", function () { self.send({ type: "delete", id: m.id }); });
        li.appendChild(del);
      }
    }
    return li;
  };

  ChatWidget.prototype.append = function (m) {
    if (this.list.querySelector('[data-id="' + m.id + '"]')) return;
    var empty = this.list.querySelector("[data-chat-empty]");
    if (empty) empty.remove();
    this.list.appendChild(this.render(m));
    if (m.id > this.lastId) this.lastId = m.id;
    if (this.firstId === null || m.id < this.firstId) this.firstId = m.id;
    this.log.scrollTop = this.log.scrollHeight;
  };

  ChatWidget.prototype.prepend = function (messages) {
    var anchor = this.list.firstChild;
    var self = this;
    messages.forEach(function (m) {
      if (self.list.querySelector('[data-id="' + m.id + '"]')) return;
      self.list.insertBefore(self.render(m), anchor);
      if (self.firstId === null || m.id < self.firstId) self.firstId = m.id;
    });
  };

  ChatWidget.prototype.setEarlier = function (hasMore) {
    if (!this.earlier) return;
    this.earlier.parentNode.hidden = !hasMore;
  };

  ChatWidget.prototype.markDeleted = function (id) {
    var li = this.list.querySelector('[data-id="' + id + '"]');
    if (!li) return;
    var text = li.querySelector(".chat-text");
    if (text) {
      text.textContent = this.t.deleted || "";
      text.className = "chat-text fst-italic text-body-secondary";
    }
    li.querySelectorAll("form, button").forEach(function (el) { el.remove(); });
  };

  ChatWidget.prototype.markRead = function () {
    if (this.lastId && document.visibilityState !== "hidden") {
      this.send({ type: "read", id: this.lastId });
    }
  };

  ChatWidget.prototype.showPresence = function (users) {
    if (!this.online) return;
    var names = (users || []).map(function (u) { return u.name; });
    this.online.textContent = names.length ? names.join(", ") : (this.t.nobody || "—");
    this.root.dataset.onlineCount = String(names.length);
  };

  ChatWidget.prototype.renderTyping = function () {
    var names = Object.keys(this.typingNames).map(function (k) { return this.typingNames[k]; }, this);
    this.typingLine.textContent = names.length ? fmt(this.t.typing || "%(name)s", { name: names.join(", ") }) : "";
  };

  ChatWidget.prototype.showTyping = function (user) {
    var self = this;
    if (!this.typingLine || !user) return;
    this.typingNames[user.id] = user.name;
    this.renderTyping();
    clearTimeout(this.typingTimers[user.id]);
    this.typingTimers[user.id] = setTimeout(function () { self.clearTyping(user.id); }, 4000);
  };

  ChatWidget.prototype.clearTyping = function (userId) {
    if (!this.typingLine || userId === undefined || userId === null) return;
    delete this.typingNames[userId];
    clearTimeout(this.typingTimers[userId]);
    this.renderTyping();
  };

  ChatWidget.prototype.bind = function () {
    var self = this;
    if (this.form) {
      var area = this.form.querySelector("textarea");
      var limit = parseInt(area.getAttribute("maxlength"), 10) || 2000;
      this.form.addEventListener("submit", function (event) {
        var text = area.value.trim();
        if (self.error) self.error.textContent = "";
        if (!text) {
          event.preventDefault();
          if (self.error) self.error.textContent = self.t.empty || "";
          return;
        }
        if (text.length > limit) {
          event.preventDefault();
          if (self.error) self.error.textContent = fmt(self.t.too_long || "", { length: text.length });
          return;
        }
        // Without a live connection the form posts as a plain form (the page reloads).
        if (self.send({ type: "message", text: text })) {
          event.preventDefault();
          area.value = "";
        }
      });
      area.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          self.form.requestSubmit();
        }
      });
      area.addEventListener("input", function () {
        var now = Date.now();
        if (now - self.lastTypingSent > 2000) {
          self.lastTypingSent = now;
          self.send({ type: "typing" });
        }
      });
    }
    if (this.earlier) {
      this.earlier.addEventListener("click", function (event) {
        if (self.firstId && self.send({ type: "history", before: self.firstId })) event.preventDefault();
      });
    }
    this.root.querySelectorAll("[data-chat-delete]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (self.send({ type: "delete", id: parseInt(form.dataset.chatDelete, 10) })) event.preventDefault();
      });
    });
    var mute = document.querySelector("form[data-chat-mute]");
    if (mute) {
      mute.addEventListener("submit", function (event) {
        var payload = {
          type: "mute",
          user: parseInt(mute.elements.user.value, 10),
          minutes: parseInt(mute.elements.minutes.value, 10)
        };
        if (self.send(payload)) event.preventDefault();
      });
    }
    document.addEventListener("visibilitychange", function () { self.markRead(); });
    window.addEventListener("offline", function () { self.goOffline(); });
    window.addEventListener("online", function () { self.goOnline(); });
  };

  function start() {
    document.querySelectorAll("[data-chat-room]").forEach(function (root) {
      if (!root.chatWidget) root.chatWidget = new ChatWidget(root);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
