// The parts of LIFF the portal's LIFF entry page uses (static/js/liff_entry.js), from LINE's
// pluggable SDK: init (in the core), isInClient, isLoggedIn, login and getIDToken. Built into one
// file that sets window.liff: make liff-sdk.
import liff from "@line/liff/core";
import GetIDToken from "@line/liff/get-id-token";
import IsInClient from "@line/liff/is-in-client";
import IsLoggedIn from "@line/liff/is-logged-in";
import Login from "@line/liff/login";

liff.use(new IsInClient());
liff.use(new IsLoggedIn());
liff.use(new Login());
liff.use(new GetIDToken());
window.liff = liff;
