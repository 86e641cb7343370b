{% load static %}/* The check-in pages' service worker (docs/check-in.md). Its caching, explicitly:
   - a check-in page (/events/<id>/check-in/, without a query): network first, the last good copy when
     there is no network; a page that answers with a log-in redirect or an error is dropped from the cache;
   - the files such a page loads (/static/…, names that change with their content, so a copy never goes
     stale), its manifest and the QR decoder: cache first, stored when the page asks (after its first visit);
   - everything else, the roster and the sending of check-ins included: the network only, never cached
     here (the page keeps the roster itself, in IndexedDB, and wipes it);
   - on background sync ("sync", tag "check-ins"), it sends the waiting check-ins itself (check_in_store.js). */
"use strict";
importScripts("{% static 'js/check_in_store.js' %}");
var CACHE = "check-in-v1";
var PAGE = /^\/(?:[a-z]{2}\/)?events\/\d+\/check-in\/$/;

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name.indexOf("check-in-") === 0 && name !== CACHE; })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("message", function (event) {
  var wanted = event.data && event.data.keep;
  if (!wanted || !PAGE.test(wanted)) { return; }
  var assets = (event.data.assets || []).filter(function (url) {
    return new URL(url, self.location.href).origin === self.location.origin;
  });
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.add(new Request(wanted, { credentials: "same-origin" })).then(function () {
      return Promise.all(assets.map(function (url) {
        return cache.match(url).then(function (kept) { return kept || cache.add(url); });
      }));
    });
  }).catch(function () {}));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate" && PAGE.test(url.pathname)) {
    event.respondWith(fromNetworkElseKept(request, url));
  } else if (url.pathname.indexOf("/static/") === 0 || /\/check-in\/manifest\.webmanifest$/.test(url.pathname)) {
    event.respondWith(caches.match(request).then(function (kept) { return kept || fetch(request); }));
  }
});

function fromNetworkElseKept(request, url) {
  var page = url.origin + url.pathname;
  return fetch(request).then(function (response) {
    if (!url.search) {
      var copy = response.ok && !response.redirected ? response.clone() : null;
      caches.open(CACHE).then(function (cache) { return copy ? cache.put(page, copy) : cache.delete(page); });
    }
    return response;
  }, function () {
    return caches.match(page).then(function (kept) { return kept || Response.error(); });
  });
}

/* Background sync, where the browser has it: the queue is sent from here, the page open or not. With no
   answer the promise fails, and the browser tries again later; the page, opened, sends it too. */
self.addEventListener("sync", function (event) {
  if (event.tag !== "check-ins") { return; }
  var store = self.checkInStore;
  event.waitUntil(Promise.all([store.eventsWaiting(), self.clients.matchAll({ type: "window" })]).then(function (found) {
    var open = found[1].map(function (page) { return new URL(page.url).pathname; });
    return Promise.all(found[0].map(function (waiting) {
      // What it sends with the event's page closed is told when the page opens; an open page just reads it.
      var watched = open.some(function (path) { return PAGE.test(path) && path.indexOf("/events/" + waiting + "/") !== -1; });
      return store.send(waiting, !watched).then(function (results) { return watched ? results : []; });
    })).then(function (answered) {
      // The open page says what it would have said had it sent them itself.
      var messages = [].concat.apply([], answered).map(function (result) { return result.message; });
      found[1].forEach(function (page) { page.postMessage({ sent: messages }); });
    });
  }));
});
