/* The check-in page with or without a signal (docs/check-in.md). Online, each check-in is sent at once;
   offline it is kept on this phone under an id made here and sent when the signal returns, where the
   server applies each id once. The page never shows as done on the server what the server has not said.
   What it keeps is in IndexedDB (check_in_store.js), where the service worker can send the queue with
   the page closed (background sync); wiped at log-out (site.js) and when the event's check-in closes. */
(function () {
  "use strict";
  var source = document.getElementById("check-in-app");
  var store = window.checkInStore;
  if (!source || !window.fetch || !window.indexedDB || !store) { return; }
  var app = JSON.parse(source.textContent);
  var words = app.strings;
  var statusBox = document.querySelector("[data-sync]");
  var stateLine = document.querySelector("[data-sync-state]");
  var refusalsBox = document.querySelector("[data-refusals]");
  var scanForm = document.querySelector("[data-scan-form]");
  var searchForm = document.querySelector("[data-search-form]");
  var found = document.querySelector("[data-found]");
  var csrf = scanForm.querySelector("[name=csrfmiddlewaretoken]").value;
  var roster = null;
  var record = { refusals: [], synced: 0 };
  var queue = [];

  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (whole, key) { return values[key]; });
  }
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function newId() {
    if (crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 15) | 64;
    bytes[8] = (bytes[8] & 63) | 128;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return hex.replace(/^(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-");
  }
  function digest(text) {
    return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)).then(function (buffer) {
      return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return (b + 256).toString(16).slice(1); }).join("");
    });
  }
  function arabicDigits(text) {
    return text.replace(/[\u0E50-\u0E59]/g, function (digit) { return String(digit.charCodeAt(0) - 0x0E50); });
  }

  /* The phone's copy, read again after each change (the service worker writes it too). */
  function reload() {
    return store.state(app.event).then(function (now) {
      record = now.record;
      queue = now.queue;
      roster = record.roster;
      if (roster && Date.now() >= roster.expires) { roster = null; return store.wipeEvent(app.event).then(reload); }
      if (record.news.length) { tellNews(record.news); }
      render();
    });
  }
  function tellNews(news) {
    say(fill(words.sent_closed, { count: news.length }));
    var list = element("ul");
    news.forEach(function (message) { list.append(element("li", "", message)); });
    document.querySelector(".messages .message").append(list);
    store.update(app.event, function (kept) { kept.news = []; });
  }

  if (!navigator.onLine) {  // a page kept from an earlier visit: its messages are old news
    document.querySelectorAll(".messages").forEach(function (box) { box.hidden = true; });
  }

  function queued(id) {
    return queue.some(function (item) { return item.signup === id; });
  }

  function render() {
    var synced = record.synced;
    var parts = [navigator.onLine ? words.online : words.offline];
    parts.push(queue.length ? fill(words.waiting, { count: queue.length }) : words.all_sent);
    parts.push(synced ? fill(words.last_synced, { when: new Date(synced).toLocaleTimeString(
      document.documentElement.lang === "th" ? "th-TH" : "en-GB", { hour: "2-digit", minute: "2-digit" }) })
      : words.never_synced);
    statusBox.hidden = false;
    statusBox.classList.toggle("checkin-sync--offline", !navigator.onLine);
    stateLine.textContent = parts.join(" · ");
    showCounts();
    var refusals = record.refusals;
    refusalsBox.hidden = !refusals.length;
    refusalsBox.replaceChildren();
    if (refusals.length) {
      refusalsBox.append(element("p", "", words.refusals));
      var list = element("ul", "checkin-refusals");
      refusals.forEach(function (refusal, index) {
        var item = element("li", "", refusal + " ");
        var done = element("button", "button--secondary", words.dismiss);
        done.type = "button";
        done.addEventListener("click", function () {
          record.refusals.splice(index, 1);
          render();
          store.update(app.event, function (kept) { kept.refusals.splice(index, 1); });
        });
        item.append(done);
        list.append(item);
      });
      refusalsBox.append(list);
    }
  }

  function say(text) {
    var box = document.querySelector(".messages") || element("div", "messages");
    box.setAttribute("role", "status");
    box.hidden = false;
    box.replaceChildren(element("div", "message message--info", text));
    if (!box.parentNode) { document.getElementById("main").prepend(box); }
  }

  function enqueue(item, name) {
    item.id = newId();
    item.at = Date.now();
    item.event = app.event;
    queue.push(item);  // at once, so that a second tap on the same person finds it waiting
    if (name) { say(fill(words.queued_person, { name: name })); }
    render();
    store.enqueue(item).then(reload).then(send);
    if (navigator.serviceWorker) {  // where the browser has background sync, it sends as soon as the signal returns
      navigator.serviceWorker.ready.then(function (registration) {
        return registration.sync && registration.sync.register("check-ins");
      }).catch(function () {});
    }
  }

  function send() {
    if (!queue.length || !navigator.onLine) { return Promise.resolve(); }
    return store.send(app.event, false).then(function (results) {
      if (results.length === 1) { say(results[0].message); }
    }).catch(function () { /* no signal after all: the queue waits for the next chance */ })
      .then(reload).then(showFound);
  }

  function refreshRoster() {
    if (!navigator.onLine) { return Promise.resolve(); }
    return fetch(app.roster, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (response.redirected || response.status === 403) {
          say(words.roster_gone);
          return store.wipeEvent(app.event);
        }
        if (!response.ok) { return; }
        return response.json().then(function (fresh) {
          if (!fresh.people.length) { return store.wipeEvent(app.event); }
          return store.update(app.event, function (kept) { kept.roster = fresh; kept.synced = fresh.synced; });
        });
      }).catch(function () {}).then(reload);
  }

  function row(someone) {
    var item = element("li");
    item.append(element("span", "", someone.name + (someone.nickname ? " (" + someone.nickname + ")" : "") +
      (someone.group ? " · " + someone.group : "")));
    if (someone.checked_in) {
      item.append(element("span", "badge", "✓ " + words.checked_in));
      if (navigator.onLine) { item.append(undoForm(someone)); }
    } else if (queued(someone.id)) {
      item.append(element("span", "badge badge--waiting", "⏳ " + words.queued));
    } else {
      var button = element("button", "", words.check_in);
      button.type = "button";
      button.addEventListener("click", function () { enqueue({ signup: someone.id }, someone.name); showFound(); });
      item.append(button);
    }
    return item;
  }

  /* The counts at the top follow what the server has confirmed (a check-in waiting on the phone is not counted). */
  function showCounts() {
    if (!roster) { return; }
    var arrived = {}, expected = {}, total = 0;
    roster.people.forEach(function (someone) {
      var group = someone.group || words.no_group;
      expected[group] = (expected[group] || 0) + 1;
      arrived[group] = (arrived[group] || 0) + (someone.checked_in ? 1 : 0);
      total += someone.checked_in ? 1 : 0;
    });
    var line = document.querySelector("[data-server-count]");
    if (line) { line.textContent = fill(words.count_line, { checked_in: total, confirmed: roster.people.length }); }
    document.querySelectorAll(".checkin-groups tbody tr").forEach(function (tableRow) {
      var group = tableRow.querySelector("th").textContent.trim();
      if (group in expected) { tableRow.querySelector("td").textContent = arrived[group] + " / " + expected[group]; }
    });
  }

  function undoForm(someone) {
    var form = element("form");
    form.method = "post";
    [["csrfmiddlewaretoken", csrf], ["undo", someone.id], ["q", searchForm.querySelector("[name=q]").value]]
      .forEach(function (pair) {
        var field = element("input");
        field.type = "hidden";
        field.name = pair[0];
        field.value = pair[1];
        form.append(field);
      });
    var button = element("button", "button--secondary", words.undo);
    button.type = "submit";
    form.append(button);
    return form;
  }

  function showFound() {
    var query = searchForm.querySelector("[name=q]").value.trim();
    if (!roster || !query) { return; }
    var text = query.toLowerCase();
    var digits = arabicDigits(query).replace(/\D/g, "");
    var matches = roster.people.filter(function (someone) {
      if ((someone.name + " " + someone.nickname).toLowerCase().indexOf(text) !== -1) { return true; }
      return digits.length >= 4 && someone.phone_end && digits.slice(-someone.phone_end.length) === someone.phone_end;
    });
    found.replaceChildren();
    found.hidden = false;
    if (!matches.length) { found.append(element("li", "", words.nobody)); }
    matches.slice(0, 30).forEach(function (someone) { found.append(row(someone)); });
  }

  searchForm.addEventListener("submit", function (event) {
    if (!roster) { return; }  // no list on this phone yet: the server searches
    event.preventDefault();
    showFound();
  });

  function checkInCode(code) {
    code = code.trim();
    if (!code) { say(words.empty); return Promise.resolve(); }
    return digest(code).then(function (hash) {
      var someone = roster && roster.people.filter(function (candidate) { return candidate.qr === hash; })[0];
      if (!someone) { enqueue({ token: code }); if (!navigator.onLine) { say(words.unknown_code); } return; }
      if (someone.checked_in) { say(someone.name + ": ✓ " + words.checked_in); return; }
      if (queued(someone.id)) { say(fill(words.queued_person, { name: someone.name })); return; }
      enqueue({ signup: someone.id, token: code }, someone.name);
    });
  }

  scanForm.addEventListener("submit", function (event) {
    if (!window.crypto || !crypto.subtle) { return; }  // not a secure page: the form is sent as it is
    event.preventDefault();
    var field = scanForm.querySelector("[name=token]");
    checkInCode(field.value).then(function () { field.value = ""; field.focus(); });
  });

  /* The camera: the browser's own QR reader where it has one, else the self-hosted decoder (jsQR). */
  var scanner = document.querySelector("[data-scanner]");
  function decoder() {
    var native = "BarcodeDetector" in window ? window.BarcodeDetector.getSupportedFormats() : Promise.resolve([]);
    return native.then(function (formats) {
      if (formats.indexOf("qr_code") === -1) { return jsQR(); }
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      return function (video) {
        return detector.detect(video).then(function (codes) { return codes.length ? codes[0].rawValue : null; });
      };
    });
  }
  function jsQR() {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = app.decoder;
      script.onload = function () {
        var canvas = document.createElement("canvas");
        var context = canvas.getContext("2d", { willReadFrequently: true });
        resolve(function (video) {
          canvas.width = video.videoWidth;
          canvas.height = video.videoHeight;
          if (!canvas.width) { return Promise.resolve(null); }
          context.drawImage(video, 0, 0);
          var found = window.jsQR(context.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height);
          return Promise.resolve(found ? found.data : null);
        });
      };
      script.onerror = reject;
      document.head.append(script);
    });
  }
  if (scanner && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    var video = scanner.querySelector("[data-scanner-video]");
    var last = { code: null, at: 0 };
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      return decoder().then(function (read) {
        scanner.hidden = false;
        video.srcObject = stream;
        video.play();
        setInterval(function () {
          read(video).then(function (code) {
            // One person in front of the camera is read many times a second: once is enough.
            if (!code || (code === last.code && Date.now() - last.at < 5000)) { return; }
            last = { code: code, at: Date.now() };
            checkInCode(code);
          });
        }, 300);
      });
    }).catch(function () { scanner.hidden = true; });
  }

  /* Installed and kept for offline: the service worker keeps this page and what it loads. */
  if (navigator.serviceWorker) {
    navigator.serviceWorker.register(app.worker, { scope: app.scope }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      var assets = Array.prototype.map.call(document.querySelectorAll("script[src], link[rel=stylesheet], link[rel=manifest]"),
        function (node) { return node.src || node.href; });
      registration.active.postMessage({ keep: location.pathname, assets: assets.concat([app.decoder]) });
    }).catch(function () {});
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (!event.data || !event.data.sent) { return; }  // the worker sent the queue
      if (event.data.sent.length === 1) { say(event.data.sent[0]); }
      reload().then(showFound);
    });
  }

  window.addEventListener("online", function () { refreshRoster().then(send); });
  window.addEventListener("offline", render);
  /* This page's earlier version kept everything in localStorage: its queue moves here, the rest goes. */
  function fromLocalStorage() {
    var moving = [];
    Object.keys(window.localStorage || {}).forEach(function (key) {
      var parts = key.split(":");
      if (parts[0] !== "check-in") { return; }
      try {
        if (parts[2] === "queue") {
          JSON.parse(localStorage.getItem(key)).forEach(function (item) { item.event = Number(parts[1]); moving.push(item); });
        }
      } catch (error) { /* unreadable: nothing to move */ }
      localStorage.removeItem(key);
    });
    return Promise.all(moving.map(store.enqueue));
  }

  fromLocalStorage().then(function () {
    return store.update(app.event, function (kept) { kept.sync = app.sync; kept.csrf = csrf; });  // for the worker
  }).then(reload).then(refreshRoster).then(send).then(showFound);
})();
