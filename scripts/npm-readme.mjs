// The README as the npm page shows it: the repository README less its repository-only parts (between
// `<!-- repo-only -->` and `<!-- /repo-only -->`), with every relative link and image made absolute, pointing at
// the file in the repository (npm's page has no files beside it to link to). Node built-ins only: `npm start`'s
// build imports it on a fresh clone before any npm package is installed.

/** `https://github.com/OWNER/NAME` from package.json's `repository` (a string or `{ url }`, `git+…` and `.git` off). */
export function repositoryWebUrl(repository) {
  const url = typeof repository === 'string' ? repository : repository?.url;
  if (typeof url !== 'string') throw new Error('npm-readme: package.json has no repository url');
  return url.replace(/^git\+/, '').replace(/\.git$/, '').replace(/\/$/, '');
}

/** The npm page's README from the repository's, `web` being the repository's web address. */
export function npmReadme(readme, web, branch = 'main') {
  const kept = readme.replace(/<!-- repo-only -->[\s\S]*?<!-- \/repo-only -->\n?/g, '');
  // Markdown links and images, `[text](target)` / `![alt](target)`; a target with a scheme, a `#fragment` alone, or
  // a `//host` address is left as it is. Code blocks are left alone (a link inside one is text).
  return kept
    .split(/(```[\s\S]*?```)/g)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(/(!?\[[^\]]*\]\()([^)\s]+)(\))/g, (whole, open, target, close) => {
            if (/^[a-z][a-z0-9+.-]*:|^#|^\/\//i.test(target)) return whole;
            const path = target.replace(/^\.\//, '').replace(/^\//, '');
            const kind = open.startsWith('!') ? 'raw' : 'blob';
            return `${open}${web}/${kind}/${branch}/${path}${close}`;
          }),
    )
    .join('');
}
