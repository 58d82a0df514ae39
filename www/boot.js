// Classic script, run before the module graph: says so in the page when the package (or the app) fails to load,
// e.g. when pkg/ has not been built. (`npm start` builds it.)
window.addEventListener(
  'error',
  (event) => {
    const target = event.target;
    if (!(target instanceof HTMLScriptElement) && event.filename === undefined) return;
    const badge = document.getElementById('mode-badge');
    if (!badge || document.body.dataset.ready) return;
    badge.textContent = 'The package did not load. Run `npm start` (it builds pkg/ and serves this page).';
    badge.className = 'badge badge-err';
  },
  true,
);
