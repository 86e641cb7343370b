/* What the check-in page keeps on the phone, in IndexedDB (database "check-in"), shared by the page
   (check_in.js) and its service worker, which sends the queue when the page is closed (docs/check-in.md):
   - "events", one record per event: the roster (minimum fields, until its "expires"), the refusals
     found when sending, when it last synced, what the worker sent while no page was watching ("news"),
     and what sending needs: the sync address and the page's CSRF token;
   - "queue": each check-in made on the phone, under the id made there, until the server has answered it.
   Sending holds a Web Lock, so the page and the worker never send the same queue at once (and the server
   applies each id once anyway). All of it is deleted at log-out (site.js: wipeAll). */
(function (scope) {
  "use strict";
  var NAME = "check-in";
  var opening = null;

  function open() {
    if (opening) { return opening; }
    opening = new Promise(function (resolve, reject) {
      var request = scope.indexedDB.open(NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore("events", { keyPath: "event" });
        request.result.createObjectStore("queue", { keyPath: "id" }).createIndex("event", "event");
      };
      request.onsuccess = function () {
        var db = request.result;
        db.onversionchange = function () { db.close(); opening = null; };  // log-out deletes the database
        resolve(db);
      };
      request.onerror = function () { opening = null; reject(request.error); };
    });
    return opening;
  }

  /* One transaction over `names`; `work` gets the stores and returns what the promise resolves to. */
  function inTransaction(names, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(names, mode);
        var stores = {};
        names.forEach(function (name) { stores[name] = transaction.objectStore(name); });
        var result;
        Promise.resolve(work(stores)).then(function (value) { result = value; });
        transaction.oncomplete = function () { resolve(result); };
        transaction.onerror = transaction.onabort = function () { reject(transaction.error); };
      });
    });
  }
  function asked(request) {
    return new Promise(function (resolve) { request.onsuccess = function () { resolve(request.result); }; });
  }
  function blank(event) {
    return { event: event, roster: null, refusals: [], synced: 0, news: [], sync: null, csrf: null };
  }

  function state(event) {
    return inTransaction(["events", "queue"], "readonly", function (stores) {
      return Promise.all([asked(stores.events.get(event)), asked(stores.queue.index("event").getAll(event))])
        .then(function (found) {
          var queue = found[1].sort(function (one, other) { return one.at - other.at; });  // ids are random
          return { record: found[0] || blank(event), queue: queue };
        });
    });
  }
  /* Read, change and write an event's record in one transaction: the page and the worker both write it. */
  function update(event, change) {
    return inTransaction(["events"], "readwrite", function (stores) {
      return asked(stores.events.get(event)).then(function (record) {
        record = record || blank(event);
        change(record);
        stores.events.put(record);
        return record;
      });
    });
  }
  function enqueue(item) {
    return inTransaction(["queue"], "readwrite", function (stores) { stores.queue.put(item); });
  }
  function wipeEvent(event) {
    return inTransaction(["events", "queue"], "readwrite", function (stores) {
      stores.events.delete(event);
      return asked(stores.queue.index("event").getAllKeys(event)).then(function (ids) {
        ids.forEach(function (id) { stores.queue.delete(id); });
      });
    });
  }
  function eventsWaiting() {
    return inTransaction(["queue"], "readonly", function (stores) {
      return asked(stores.queue.getAll()).then(function (items) {
        return items.map(function (item) { return item.event; }).filter(function (event, index, all) {
          return all.indexOf(event) === index;
        });
      });
    });
  }
  function wipeAll() {
    return new Promise(function (resolve) {
      if (!scope.indexedDB) { resolve(); return; }
      var request = scope.indexedDB.deleteDatabase(NAME);
      request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
    });
  }

  function exclusively(work) {
    var locks = scope.navigator && scope.navigator.locks;
    return locks ? locks.request("check-in-sending", work) : work();
  }

  /* Send an event's queue and write down the answers: the person's row checked in, the refusals kept for
     the coordinator, the items answered taken off the queue. Resolves to the answers, or rejects when
     there was no answer (no signal, logged out): the queue then waits for the next chance. */
  function send(event, byWorker) {
    return exclusively(function () {
      return state(event).then(function (now) {
        if (!now.queue.length) { return []; }
        if (!now.record.sync || !now.record.csrf) { throw new Error("no address to send to"); }
        return scope.fetch(now.record.sync, {
          method: "POST", credentials: "same-origin", redirect: "error",
          headers: { "Content-Type": "application/json", "X-CSRFToken": now.record.csrf, "Accept": "application/json" },
          body: JSON.stringify({ check_ins: now.queue.map(function (item) {
            return { id: item.id, at: item.at, signup: item.signup, token: item.token };
          }) }),
        }).then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        }).then(function (answer) { return written(event, answer.results, byWorker); });
      });
    });
  }

  function written(event, results, byWorker) {
    return inTransaction(["events", "queue"], "readwrite", function (stores) {
      results.forEach(function (result) { stores.queue.delete(result.id); });
      return asked(stores.events.get(event)).then(function (record) {
        record = record || blank(event);
        results.forEach(function (result) {
          if (result.outcome === "refused") { record.refusals.push(result.message); return; }
          if (byWorker) { record.news.push(result.message); }
          (record.roster ? record.roster.people : []).forEach(function (someone) {
            if (someone.id === result.signup) { someone.checked_in = true; }
          });
        });
        record.synced = Date.now();
        stores.events.put(record);
        return results;
      });
    });
  }

  scope.checkInStore = {
    state: state, update: update, enqueue: enqueue, send: send, wipeEvent: wipeEvent,
    eventsWaiting: eventsWaiting, wipeAll: wipeAll,
  };
})(self);
