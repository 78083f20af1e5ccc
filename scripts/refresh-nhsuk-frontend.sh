#!/usr/bin/env bash
# Vendor the compiled NHS.UK frontend into static/vendor/nhsuk-frontend/ so that
# setting up or deploying the site never needs Node. Run it (with npm on PATH)
# only to upgrade: bump VERSION here and the nhsuk-frontend-jinja pin together
# (https://github.com/NHSDigital/nhsuk-frontend-jinja#compatibility).
#
# What it keeps from dist/nhsuk/: the minified CSS, the minified JS (an ES module
# exporting initAll; static/js/app.js imports it), the assets folder and a licence.
# What it changes, so a strict Content-Security-Policy and an offline host work:
#   - url(/assets/...) becomes url(assets/...), relative to the CSS file;
#   - the @font-face rules loading Frutiger from assets.nhs.uk are removed, so text
#     falls back to the rest of the stack (arial, sans-serif);
#   - sourceMappingURL comments are removed (no maps are shipped, and Django's
#     ManifestStaticFilesStorage fails on a map it cannot find).
set -euo pipefail

VERSION="10.6.1"
PACKAGE="nhsuk-frontend@${VERSION}"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${repo_root}/static/vendor/nhsuk-frontend"

for tool in npm tar sed grep sha256sum; do
  command -v "$tool" >/dev/null || { echo "error: $tool is needed" >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "$PACKAGE" >/dev/null)
tarball="$(ls "$work"/nhsuk-frontend-*.tgz)"
tar -xzf "$tarball" -C "$work"
dist="$work/package/dist/nhsuk"

packed_version="$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$work/package/package.json")"
[[ "$packed_version" == "$VERSION" ]] || {
  echo "error: npm gave version '$packed_version', expected $VERSION" >&2
  exit 1
}
grep -q '"license": "MIT"' "$work/package/package.json" || {
  echo "error: the package's licence is no longer MIT; check before vendoring" >&2
  exit 1
}

rm -rf "$dest"
mkdir -p "$dest"
cp -R "$dist/assets" "$dest/assets"

# Minified CSS is one line with no nested braces inside @font-face.
sed -E \
  -e 's#url\((["'\'']?)/assets/#url(\1assets/#g' \
  -e 's#@font-face\{[^{}]*assets\.nhs\.uk[^{}]*\}##g' \
  -e 's#/\*[#@] sourceMappingURL=[^*]*\*/##g' \
  "$dist/nhsuk-frontend.min.css" >"$dest/nhsuk-frontend.min.css"

sed -E -e 's#//[#@] sourceMappingURL=.*$##' \
  "$dist/nhsuk-frontend.min.js" >"$dest/nhsuk-frontend.min.js"

# Fail loudly if upstream changes shape and a rewrite silently stops matching.
css="$dest/nhsuk-frontend.min.css"
if grep -q 'assets\.nhs\.uk' "$css"; then
  echo "error: the CSS still loads something from assets.nhs.uk" >&2; exit 1
fi
if grep -Eq 'url\(["'\'']?/' "$css"; then
  echo "error: the CSS still has an absolute url(/...)" >&2; exit 1
fi
if grep -q 'sourceMappingURL' "$css" "$dest/nhsuk-frontend.min.js"; then
  echo "error: a sourceMappingURL survived" >&2; exit 1
fi
grep -q 'font-family:Frutiger W01,arial,sans-serif' "$css" || {
  echo "error: the base font stack changed; check it still ends in arial, sans-serif" >&2
  exit 1
}
grep -q 'export{.*initAll' "$dest/nhsuk-frontend.min.js" || {
  echo "error: the JS no longer exports initAll; static/js/app.js imports it" >&2
  exit 1
}
for url in $(grep -o 'url([^)]*)' "$css" | sed -E 's#url\(["'\'']?([^"'\'')]*).*#\1#' | sort -u); do
  [[ "$url" == data:* || -f "$dest/$url" ]] || { echo "error: $url is missing" >&2; exit 1; }
done

if [[ -f "$work/package/LICENSE" ]]; then
  cp "$work/package/LICENSE" "$dest/LICENSE"
else
  # The npm package ships no licence file (only "license": "MIT" in package.json);
  # this is the LICENSE file of https://github.com/nhsuk/nhsuk-frontend.
  cat >"$dest/LICENSE" <<'EOF'
MIT License

Copyright (c) 2019 NHS.UK

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
EOF
fi

tarball_sha256="$(sha256sum "$tarball" | cut -d' ' -f1)"
cat >"$dest/README.md" <<EOF
# NHS.UK frontend ${VERSION} (vendored)

Compiled files from the npm package \`${PACKAGE}\` (\`dist/nhsuk/\`), MIT licence
(see LICENSE). Tarball sha256: \`${tarball_sha256}\`.

- \`nhsuk-frontend.min.css\`: absolute \`url(/assets/...)\` rewritten relative to this
  folder; the \`@font-face\` rules loading Frutiger from assets.nhs.uk removed, so text
  uses Arial; source map comments removed.
- \`nhsuk-frontend.min.js\`: an ES module. It exports \`initAll\` and runs nothing
  itself; \`static/js/app.js\` imports it.
- \`assets/\`: favicons, icons, \`manifest.json\`.

Do not edit these files. To refresh or upgrade, change \`VERSION\` in
\`scripts/refresh-nhsuk-frontend.sh\` (keep it matched to the nhsuk-frontend-jinja
pin in pyproject.toml) and run, with npm on PATH:

    scripts/refresh-nhsuk-frontend.sh

After an upgrade, compare the table rows written by hand in \`templates/league.jinja\`,
\`service.jinja\` and \`metric.jinja\` with the \`tables\` component's markup
(docs/decisions/0001-lean-table-rows.md).
EOF

echo "Vendored ${PACKAGE} into ${dest#"$repo_root"/} ($(du -sk "$dest" | cut -f1) KB)"
