// Maven's generate-resources step for player-demo (see pom.xml).
//
// Runs `npm ci --ignore-scripts --no-audit --no-fund` unless node_modules already holds every
// package at the version package-lock.json pins. `npm ci` always deletes node_modules and asks
// the registry again, which would make every Maven build slow and network-bound; comparing the
// installed package.json versions with the lock is enough to know nothing would change.
// To force a fresh install, delete node_modules.

import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const NPM_CI = ['ci', '--ignore-scripts', '--no-audit', '--no-fund'];

function installedVersion(path) {
  try {
    return JSON.parse(readFileSync(`${path}/package.json`, 'utf8')).version;
  } catch {
    return undefined;
  }
}

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const stale = Object.entries(lock.packages ?? {})
  .filter(([path]) => path !== '')
  .filter(([path, pinned]) => installedVersion(path) !== pinned.version)
  .map(([path, pinned]) => `${path.replace(/^node_modules\//, '')}@${pinned.version}`);

if (stale.length === 0) {
  console.log('[npm-ci-if-stale] node_modules matches package-lock.json, npm ci skipped');
  process.exit(0);
}

console.log(`[npm-ci-if-stale] missing or different: ${stale.join(', ')}; running npm ${NPM_CI.join(' ')}`);
const npm = spawnSync('npm', NPM_CI, { stdio: 'inherit' });
if (npm.error) {
  console.error(`[npm-ci-if-stale] could not run npm: ${npm.error.message}`);
  process.exit(1);
}
process.exit(npm.status ?? 1);
