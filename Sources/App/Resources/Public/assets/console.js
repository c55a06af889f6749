// The console's comforts; every page works without them.
(function () {
  'use strict';
  // Canned replies: choosing one inserts its text where the officer is writing.
  document.querySelectorAll('select.canned-select').forEach(function (select) {
    select.addEventListener('change', function () {
      var target = document.getElementById(select.getAttribute('data-target'));
      if (!target || !select.value) { return; }
      var start = target.selectionStart || target.value.length;
      target.value = target.value.slice(0, start) + select.value + target.value.slice(start);
      target.focus();
      select.value = '';
    });
  });
  // Submitting twice by a double tap sends the action twice: disable the button once sent.
  document.querySelectorAll('form').forEach(function (form) {
    form.addEventListener('submit', function () {
      var button = form.querySelector('button[type=submit]');
      if (button) { setTimeout(function () { button.disabled = true; }, 0); }
    });
  });
})();
