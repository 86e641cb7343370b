/* The LIFF entry page (portal/accounts/liff.py): in LINE's in-app browser, the LIFF SDK gives the
   person's ID token, which the page posts to the portal; the portal asks LINE who it belongs to.
   Nothing else about the person is sent. When the SDK cannot help (an ordinary browser, LINE
   refusing), the page offers the link to go on without logging in. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-liff-form]");
  var fallback = document.querySelector("[data-liff-fallback]");
  var waiting = document.querySelector("[data-liff-waiting]");

  function offerFallback() {
    if (waiting) { waiting.hidden = true; }
    if (fallback) { fallback.hidden = false; }
  }

  if (!form) { return; }
  if (!window.liff) { offerFallback(); return; }
  window.liff.init({ liffId: form.dataset.liffId }).then(function () {
    // Opened at the endpoint with ?liff.state=/the/page: the SDK is taking the browser there itself.
    if (new URLSearchParams(window.location.search).has("liff.state")) { return; }
    if (!window.liff.isLoggedIn()) {
      if (window.liff.isInClient()) { offerFallback(); return; }
      window.liff.login({ redirectUri: window.location.href });
      return;
    }
    var token = window.liff.getIDToken();
    if (!token) { offerFallback(); return; }
    form.elements.id_token.value = token;
    form.submit();
  }).catch(offerFallback);
})();
