/* Progressive enhancement only: every page works without this file.
   - Photo albums open full screen, with arrow keys, Escape and swipe.
   - "Copy link" copies instead of following the link.
   - Logging out wipes what the check-in page kept for offline use. */
(function () {
  "use strict";
  var strings = document.documentElement.lang === "th"
    ? { close: "ปิด", previous: "รูปก่อนหน้า", next: "รูปถัดไป", of: "จาก" }
    : { close: "Close", previous: "Previous photo", next: "Next photo", of: "of" };

  function button(className, label, text) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = className;
    element.setAttribute("aria-label", label);
    element.textContent = text;
    return element;
  }

  function openViewer(items, startIndex) {
    var index = startIndex;
    var dialog = document.createElement("dialog");
    dialog.className = "viewer";
    var image = document.createElement("img");
    var caption = document.createElement("p");
    caption.className = "viewer__caption";
    caption.setAttribute("aria-live", "polite");
    var close = button("viewer__close", strings.close, "×");
    var previous = button("viewer__previous", strings.previous, "‹");
    var next = button("viewer__next", strings.next, "›");
    dialog.append(image, caption, previous, next, close);
    document.body.appendChild(dialog);

    function show(newIndex) {
      index = (newIndex + items.length) % items.length;
      var item = items[index];
      image.src = item.href;
      image.alt = item.dataset.alt || "";
      caption.textContent = (index + 1) + " " + strings.of + " " + items.length +
        (item.dataset.caption ? " · " + item.dataset.caption : "");
    }
    function shut() { dialog.close(); }

    close.addEventListener("click", shut);
    previous.addEventListener("click", function () { show(index - 1); });
    next.addEventListener("click", function () { show(index + 1); });
    dialog.addEventListener("close", function () { dialog.remove(); items[index].focus(); });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") { show(index - 1); event.preventDefault(); }
      if (event.key === "ArrowRight") { show(index + 1); event.preventDefault(); }
    });
    var touchStartX = null;
    dialog.addEventListener("pointerdown", function (event) { touchStartX = event.clientX; });
    dialog.addEventListener("pointerup", function (event) {
      if (touchStartX === null) { return; }
      var distance = event.clientX - touchStartX;
      touchStartX = null;
      if (Math.abs(distance) > 50) { show(distance < 0 ? index + 1 : index - 1); }
    });

    show(index);
    dialog.showModal();
    close.focus();
  }

  document.querySelectorAll("[data-gallery]").forEach(function (gallery) {
    var items = Array.prototype.slice.call(gallery.querySelectorAll(".gallery__item"));
    items.forEach(function (item, position) {
      item.addEventListener("click", function (event) {
        if (typeof HTMLDialogElement !== "function") { return; }
        event.preventDefault();
        openViewer(items, position);
      });
    });
  });

  /* Address lists narrow as you choose: districts of the province, sub-districts of the district. */
  document.querySelectorAll("form[data-address-options]").forEach(function (form) {
    var url = form.dataset.addressOptions;
    var province = form.querySelector("[name=province_code]");
    var district = form.querySelector("[name=district_code]");
    var subdistrict = form.querySelector("[name=subdistrict_code]");
    var refresh = form.querySelector("[data-refresh-address]");
    if (!province || !district || !subdistrict || !window.fetch) { return; }
    if (refresh) { refresh.hidden = true; }
    function fill(select, query) {
      var placeholder = select.options[0] ? select.options[0].textContent : "";
      select.length = 1;
      select.options[0].textContent = placeholder;
      if (!query) { return Promise.resolve(); }
      return fetch(url + "?" + query, { headers: { "Accept": "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          data.options.forEach(function (option) { select.add(new Option(option[1], option[0])); });
        });
    }
    province.addEventListener("change", function () {
      fill(subdistrict, "");
      fill(district, province.value ? "province=" + encodeURIComponent(province.value) : "");
    });
    district.addEventListener("change", function () {
      fill(subdistrict, district.value ? "district=" + encodeURIComponent(district.value) : "");
    });
  });

  /* Logging out wipes what the check-in page kept on this device (check_in_store.js) before it goes:
     its IndexedDB database, the worker's copies, and what an earlier version kept in localStorage. */
  function deleted(request) {
    return new Promise(function (resolve) { request.onsuccess = request.onerror = resolve; });
  }
  document.querySelectorAll("form[action$='/accounts/logout/']").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      Object.keys(window.localStorage || {}).forEach(function (key) {
        if (key.indexOf("check-in:") === 0) { localStorage.removeItem(key); }
      });
      var wiping = [window.indexedDB ? deleted(indexedDB.deleteDatabase("check-in")) : null,
        window.caches ? caches.delete("check-in-v1") : null];
      var atMost = new Promise(function (resolve) { setTimeout(resolve, 3000); });
      Promise.race([Promise.all(wiping), atMost]).then(function () { form.submit(); });
    });
  });

  document.querySelectorAll("[data-copy-url]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (!navigator.clipboard) { return; }
      event.preventDefault();
      navigator.clipboard.writeText(link.dataset.copyUrl).then(function () {
        link.textContent = link.dataset.copiedText;
      });
    });
  });
})();
