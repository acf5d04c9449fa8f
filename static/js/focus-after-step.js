// After a step (a form sent and the page shown again) the keyboard focus goes where the
// person should look next: the first field with an error, else the message that says
// what happened. Without this the focus would start again at the top of the page.
(function () {
  "use strict";
  var main = document.getElementById("main");
  if (!main) { return; }
  var invalid = main.querySelector("form .is-invalid, form [aria-invalid=true]");
  if (invalid) {
    var folded = invalid.closest("details");
    if (folded) { folded.open = true; }
    invalid.focus();
    return;
  }
  var message = main.querySelector(
    "form .alert-danger, .messages .alert, [data-focus-on-load]"
  );
  if (message) {
    if (!message.hasAttribute("tabindex")) { message.setAttribute("tabindex", "-1"); }
    message.focus();
  }
})();
