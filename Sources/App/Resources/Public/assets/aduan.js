/* Aduan — public pages. Progressive enhancement only: every page works without this file.
 * No text is written here; what the script shows comes from data attributes of the page. */
(function () {
  'use strict';

  const MAX_SIDE = 2560;                 // px, long side of a downscaled photo
  const SHRINK_OVER = 1.5 * 1024 * 1024; // bytes; larger JPEG/PNG photos are re-encoded
  const QUALITY = 0.85;

  // 1. Print button of the receipt (rendered hidden: it needs this script).
  function initPrint() {
    const button = document.getElementById('print-receipt');
    if (!button || typeof window.print !== 'function') return;
    button.hidden = false;
    button.addEventListener('click', () => window.print());
  }

  // 2. Nagari list filtered by the chosen kecamatan (optgroups in the same order as the kecamatan options).
  function initNagari() {
    const district = document.getElementById('district');
    const nagari = document.getElementById('nagari');
    if (!district || !nagari) return;
    const groups = Array.from(nagari.querySelectorAll('optgroup'));
    const districts = Array.from(district.options).filter((o) => o.value);
    if (!groups.length) return;
    const norm = (s) => s.trim().toLowerCase();

    function groupOf(value) {
      const index = districts.findIndex((o) => o.value === value);
      if (index < 0) return null;
      return groups.find((g) => norm(g.label) === norm(districts[index].text)) || groups[index] || null;
    }
    function update() {
      const wanted = groupOf(district.value);
      const chosen = nagari.value;
      const chosenGroup = chosen ? nagari.options[nagari.selectedIndex].parentNode : null;
      // Detached rather than hidden: mobile pickers ignore `hidden` on optgroups.
      groups.forEach((g) => { if (g.parentNode) g.remove(); });
      groups.forEach((g) => { if (!wanted || g === wanted) nagari.appendChild(g); });
      nagari.value = chosen && (!wanted || chosenGroup === wanted) ? chosen : '';
    }
    district.addEventListener('change', update);
    nagari.addEventListener('change', () => {
      if (district.value || !nagari.value) return;
      const index = groups.indexOf(nagari.options[nagari.selectedIndex].parentNode);
      const option = districts.find((o) => norm(o.text) === norm(groups[index] ? groups[index].label : '')) || districts[index];
      if (option) { district.value = option.value; update(); }
    });
    update();
  }

  // 4. Downscaling of large photos before the upload.
  function decode(file) {
    if (window.createImageBitmap) {
      return createImageBitmap(file, { imageOrientation: 'from-image' })
        .catch(() => createImageBitmap(file))
        .then((bitmap) => ({ image: bitmap, width: bitmap.width, height: bitmap.height, done: () => bitmap.close() }))
        .catch(() => decodeWithImage(file));
    }
    return decodeWithImage(file);
  }
  function decodeWithImage(file) {
    return new Promise((resolve, reject) => {
      const url = URL.createObjectURL(file);
      const img = new Image();
      img.onload = () => resolve({ image: img, width: img.naturalWidth, height: img.naturalHeight, done: () => URL.revokeObjectURL(url) });
      img.onerror = () => { URL.revokeObjectURL(url); reject(new Error('decode')); };
      img.src = url;
    });
  }
  async function shrink(file) {
    if (!/^image\/(jpeg|png)$/i.test(file.type)) return file; // HEIC, PDF: sent as they are
    let decoded;
    try {
      decoded = await decode(file);
      const long = Math.max(decoded.width, decoded.height);
      if (!long || (file.size <= SHRINK_OVER && long <= MAX_SIDE)) return file;
      const scale = Math.min(1, MAX_SIDE / long);
      const canvas = document.createElement('canvas');
      canvas.width = Math.max(1, Math.round(decoded.width * scale));
      canvas.height = Math.max(1, Math.round(decoded.height * scale));
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#fff'; // transparent PNG areas become white, not black
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(decoded.image, 0, 0, canvas.width, canvas.height);
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY));
      canvas.width = canvas.height = 0;
      if (!blob || !blob.size || (scale === 1 && blob.size >= file.size)) return file;
      const name = (file.name || 'foto').replace(/\.[^./\\]*$/, '') + '.jpg';
      return new File([blob], name, { type: 'image/jpeg', lastModified: file.lastModified || Date.now() });
    } catch (e) {
      return file; // could not downscale: send the original
    } finally {
      if (decoded) decoded.done();
    }
  }

  // 5. Size check before sending; messages come from the form (data-msg-too-large, data-msg-total).
  function megabytes(bytes) {
    const lang = document.documentElement.lang || 'id';
    return (bytes / 1048576).toLocaleString(lang, { maximumFractionDigits: 1 }) + ' MB';
  }
  function clearClientErrors(form) {
    form.querySelectorAll('.field-error[data-client]').forEach((p) => {
      const field = p.parentNode;
      const input = field.querySelector('input[type=file]');
      p.remove();
      if (field.dataset.clientError) {
        delete field.dataset.clientError;
        field.classList.remove('has-error');
        if (input) input.removeAttribute('aria-invalid');
      }
    });
  }
  function showFieldError(input, text) {
    const field = input.closest('.field') || input.parentNode;
    const p = document.createElement('p');
    p.className = 'field-error';
    p.dataset.client = '';
    p.setAttribute('role', 'alert');
    p.textContent = text;
    field.insertBefore(p, input);
    if (!field.classList.contains('has-error')) { field.classList.add('has-error'); field.dataset.clientError = '1'; }
    input.setAttribute('aria-invalid', 'true');
  }
  function checkSizes(form, chosen) {
    const maxFile = Number(form.dataset.maxFile) || 0;
    const maxTotal = Number(form.dataset.maxTotal) || 0;
    const tooLarge = form.dataset.msgTooLarge;
    const totalText = form.dataset.msgTotal;
    let total = Number(form.dataset.keptBytes) || 0;
    let first = null;
    let last = null;
    chosen.forEach((files, input) => {
      files.forEach((f) => { total += f.size; });
      if (files.length) last = input;
      if (tooLarge && maxFile && files.some((f) => f.size > maxFile)) {
        showFieldError(input, tooLarge.replace('{max}', megabytes(maxFile)));
        first = first || input;
      }
    });
    if (!first && totalText && maxTotal && last && total > maxTotal) {
      showFieldError(last, totalText.replace('{total}', megabytes(maxTotal)).replace('{max}', megabytes(maxTotal)));
      first = last;
    }
    if (first) { first.focus(); first.scrollIntoView({ block: 'center' }); }
    return !first;
  }

  // 3. Upload with progress (complaint form, reply form).
  function initUpload(form) {
    if (!form || !window.FormData || !window.XMLHttpRequest || !window.File) return;
    const progress = form.querySelector('.progress');
    const bar = progress && progress.querySelector('.bar');
    const label = progress && progress.querySelector('.label');
    const button = form.querySelector('button[type=submit], input[type=submit]');
    let busy = false;
    let native = false;

    function show(kind, percent) {
      if (!progress) return;
      progress.hidden = false;
      const base = (label && label.dataset[kind]) || '';
      const text = percent == null ? base : base + ' ' + percent + '%';
      if (label) label.textContent = text;
      if (bar) bar.style.width = (percent || 0) + '%';
      progress.setAttribute('role', 'progressbar');
      progress.setAttribute('aria-valuemin', '0');
      progress.setAttribute('aria-valuemax', '100');
      progress.setAttribute('aria-valuenow', String(percent || 0));
      progress.setAttribute('aria-valuetext', text);
    }
    function idle() {
      busy = false;
      if (button) button.disabled = false;
      if (progress) progress.hidden = true;
    }
    function submitNatively() {
      native = true;
      if (progress) progress.hidden = true;
      HTMLFormElement.prototype.submit.call(form);
    }
    function networkError() {
      const text = form.dataset.msgNetwork;
      if (!text) { submitNatively(); return; }
      idle();
      native = true; // the next press sends the form the ordinary way
      let p = form.querySelector('.field-error[data-network]');
      if (!p) {
        p = document.createElement('p');
        p.className = 'field-error';
        p.dataset.network = '';
        p.setAttribute('role', 'alert');
        (button || form.lastElementChild).insertAdjacentElement('beforebegin', p);
      }
      p.textContent = text;
    }
    function answer(xhr) {
      const target = (xhr.responseURL || form.action).split('#')[0];
      if (target !== form.action.split('#')[0]) { window.location.assign(target); return; }
      const type = xhr.getResponseHeader('Content-Type') || '';
      if (!xhr.responseText || type.indexOf('html') < 0) { submitNatively(); return; }
      const page = window.location.origin + window.location.pathname; // without ?ok=… notices
      document.open();
      document.write(xhr.responseText);
      document.close();
      history.replaceState(null, '', page); // a reload shows the page again, it does not resend
    }
    function send(data) {
      const xhr = new XMLHttpRequest();
      xhr.open((form.getAttribute('method') || 'post').toUpperCase(), form.action);
      xhr.upload.addEventListener('progress', (e) => {
        if (e.lengthComputable) show('uploading', Math.min(100, Math.round((e.loaded / e.total) * 100)));
      });
      xhr.addEventListener('load', () => answer(xhr));
      xhr.addEventListener('error', networkError);
      xhr.addEventListener('timeout', networkError);
      xhr.addEventListener('abort', idle);
      show('uploading', 0);
      xhr.send(data);
    }
    async function prepare(event) {
      const inputs = Array.from(form.querySelectorAll('input[type=file]'));
      const chosen = new Map();
      const photos = inputs.filter((i) => i.hasAttribute('data-photo') && i.files && i.files.length);
      if (photos.length) show('preparing', null);
      for (const input of inputs) {
        const files = Array.from(input.files || []);
        chosen.set(input, input.hasAttribute('data-photo') ? await Promise.all(files.map(shrink)) : files);
      }
      if (!checkSizes(form, chosen)) return null;
      // Same entries, same order as the browser would send, with the downscaled files in place.
      const queues = new Map();
      inputs.forEach((input) => { if (input.name && !input.disabled) queues.set(input.name, (queues.get(input.name) || []).concat(chosen.get(input))); });
      const data = new FormData();
      for (const [name, value] of new FormData(form).entries()) {
        const queue = typeof value === 'object' ? queues.get(name) : null;
        const file = queue && queue.length ? queue.shift() : value;
        if (typeof file === 'object') data.append(name, file, file.name); else data.append(name, file);
      }
      const submitter = event.submitter;
      if (submitter && submitter.name) data.append(submitter.name, submitter.value);
      return data;
    }

    form.addEventListener('submit', (event) => {
      if (native) return;
      event.preventDefault();
      if (busy) return;
      busy = true;
      if (button) button.disabled = true;
      clearClientErrors(form);
      prepare(event).then((data) => {
        if (data) send(data); else idle();
      }).catch(submitNatively);
    });
    form.addEventListener('change', (e) => {
      const field = e.target.type === 'file' && e.target.closest('.field');
      const p = field && field.querySelector('.field-error[data-client]');
      if (p) { clearClientErrors(form); }
    });
    window.addEventListener('pageshow', (e) => { if (e.persisted) { native = false; idle(); } });
  }

  // Errors: the summary takes the focus so that it is read first, and its links focus the field itself;
  // without a summary, the first field in error is brought into view.
  function initErrors() {
    const summary = document.getElementById('form-errors');
    if (!summary) {
      const field = document.querySelector('form .has-error');
      const control = field && field.querySelector('input:not([type=hidden]), select, textarea');
      if (control) { field.scrollIntoView({ block: 'center' }); control.focus({ preventScroll: true }); }
      return;
    }
    summary.focus();
    summary.addEventListener('click', (e) => {
      const link = e.target.closest('a[href^="#"]');
      const target = link && document.getElementById(decodeURIComponent(link.getAttribute('href').slice(1)));
      const control = target && (target.matches('input, select, textarea') ? target : target.querySelector('input, select, textarea'));
      if (!control) return;
      e.preventDefault();
      (target.closest('.field') || target).scrollIntoView({ block: 'start' });
      control.focus({ preventScroll: true });
    });
  }

  function init() {
    initPrint();
    initNagari();
    initErrors();
    initUpload(document.getElementById('complaint-form'));
    initUpload(document.getElementById('reply-form'));
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
