/**
 * The page's only script, inlined: search-as-you-type, anchor highlighting, copy-link, theme toggle.
 * It reads the catalog from the DOM (never from interpolated strings), so no catalog text reaches script source.
 */
export const HTML_SCRIPT = `
(function () {
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.code-row'));
  var sections = Array.prototype.slice.call(document.querySelectorAll('section.group'));
  var search = document.getElementById('fl-search');
  var empty = document.getElementById('fl-empty');
  function filter() {
    var terms = search.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var text = row.getAttribute('data-search') || '';
      var match = terms.every(function (term) { return text.indexOf(term) !== -1; });
      row.classList.toggle('hidden', !match);
      if (match) shown++;
    });
    sections.forEach(function (section) {
      section.classList.toggle('hidden', !section.querySelector('tr.code-row:not(.hidden)'));
    });
    empty.classList.toggle('show', shown === 0);
  }
  function highlight() {
    var id = '';
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { id = location.hash.slice(1); }
    rows.forEach(function (row) { row.classList.remove('fl-target'); });
    if (!id) return;
    var row = document.getElementById(id);
    if (!row || !row.classList.contains('code-row')) return;
    if (row.classList.contains('hidden')) { search.value = ''; filter(); }
    row.classList.add('fl-target');
    row.scrollIntoView({ block: 'center' });
  }
  function copyLink(button) {
    var code = button.getAttribute('data-code');
    var url = location.href.split('#')[0] + '#' + encodeURIComponent(code);
    history.replaceState(null, '', '#' + encodeURIComponent(code));
    highlight();
    var done = function () { button.textContent = 'Copied'; setTimeout(function () { button.textContent = '#'; }, 1200); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(done, function () { button.textContent = 'Link set'; });
    } else {
      button.textContent = 'Link set';
    }
  }
  var root = document.documentElement;
  function setTheme(theme) {
    root.setAttribute('data-theme', theme);
    try { localStorage.setItem('faultline-theme', theme); } catch (e) { /* storage may be disabled */ }
  }
  try { var saved = localStorage.getItem('faultline-theme'); if (saved) root.setAttribute('data-theme', saved); } catch (e) { /* ignore */ }
  document.getElementById('fl-theme').addEventListener('click', function () {
    var current = root.getAttribute('data-theme') ||
      (window.matchMedia && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
    setTheme(current === 'dark' ? 'light' : 'dark');
  });
  search.addEventListener('input', filter);
  document.addEventListener('click', function (event) {
    var target = event.target;
    if (target && target.classList && target.classList.contains('copy')) copyLink(target);
  });
  window.addEventListener('hashchange', highlight);
  filter();
  highlight();
})();
`
