// Length counters for free-text fields, and a size check before a form with files is
// sent. Progressive enhancement: without JavaScript the browser's maxlength still holds
// and the server refuses what is too long (or too large) with its own message.
//
// The browser's maxlength cuts pasted or typed text silently at the limit; here the
// attribute is replaced by a counter that says, while typing, how much is over, so
// nothing is lost without the writer knowing. The texts come from the <script> tag's
// data attributes, translated by the server.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var text = script.dataset;
  var locale = document.documentElement.lang || "nb";
  var number = window.Intl ? new Intl.NumberFormat(locale) : { format: String };
  var oneDecimal = window.Intl
    ? new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
    : { format: function (n) { return n.toFixed(1); } };
  // Fields this short (a unit code, a phone number) need no counter.
  var SMALLEST = 100;

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (all, name) {
      return values[name] === undefined ? all : values[name];
    });
  }

  function megabytes(bytes) {
    return oneDecimal.format(bytes / 1024 / 1024) + "\u00a0MB";
  }

  function attachCounter(field) {
    var max = parseInt(field.getAttribute("maxlength"), 10);
    if (!max || max < SMALLEST) { return null; }
    field.removeAttribute("maxlength");
    field.dataset.maxLength = String(max);
    var counter = document.createElement("div");
    counter.className = "form-text length-counter";
    counter.id = field.id + "_counter";
    counter.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    function update() {
      var length = field.value.length;
      var over = length > max;
      counter.textContent = fill(over ? text.overText : text.countText, {
        count: number.format(length),
        max: number.format(max),
        over: number.format(length - max),
      });
      counter.classList.toggle("text-danger", over);
      counter.classList.toggle("fw-semibold", over);
      if (over) { field.setAttribute("aria-invalid", "true"); }
      else if (!field.classList.contains("is-invalid")) { field.removeAttribute("aria-invalid"); }
      return !over;
    }
    field.addEventListener("input", update);
    update();
    return update;
  }

  // Just above the button that was pressed (not one inside a folded section).
  function sizeNotice(form, submitter) {
    var notice = form.querySelector(".request-size-notice");
    if (!notice) {
      notice = document.createElement("div");
      notice.className = "alert alert-danger mt-3 request-size-notice";
      notice.setAttribute("role", "alert");
      notice.tabIndex = -1;
      var buttons = form.querySelectorAll("[type=submit]");
      var before = submitter || buttons[buttons.length - 1] || null;
      (before ? before.parentNode : form).insertBefore(notice, before);
    }
    return notice;
  }

  function filesTooLarge(form, submitter) {
    var limit = parseInt(text.maxRequestBytes, 10);
    var inputs = form.querySelectorAll("input[type=file]");
    if (!limit || !inputs.length) { return false; }
    var total = 0;
    Array.prototype.forEach.call(inputs, function (input) {
      Array.prototype.forEach.call(input.files || [], function (file) { total += file.size; });
    });
    // The text fields travel with the files; a generous allowance covers them.
    if (total + 512 * 1024 <= limit) { return false; }
    var notice = sizeNotice(form, submitter);
    notice.textContent = fill(text.tooLargeText, {
      size: megabytes(total), max: megabytes(limit),
    });
    notice.focus();
    return true;
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[method=post]"), function (form) {
    var checks = [];
    Array.prototype.forEach.call(
      // Not a login name or a search field (they carry an autocomplete hint).
      form.querySelectorAll(
        "textarea[maxlength], input[type=text][maxlength]:not([autocomplete])"
      ),
      function (field) {
        var check = attachCounter(field);
        if (check) { checks.push({ field: field, check: check }); }
      }
    );
    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      // The unit search and similar buttons send the form back to be shown again.
      if (submitter && submitter.hasAttribute("formnovalidate")) { return; }
      var first = null;
      checks.forEach(function (item) {
        if (!item.check() && !first) { first = item.field; }
      });
      if (first) {
        event.preventDefault();
        first.focus();
        return;
      }
      if (filesTooLarge(form, submitter)) { event.preventDefault(); }
    });
  });
})();
