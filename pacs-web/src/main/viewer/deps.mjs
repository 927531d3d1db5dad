// Runs `npm ci` when node_modules does not hold exactly what package-lock.json pins (first build, or a changed
// lock file); otherwise does nothing, so that repeated Maven builds do not download the packages again.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const lock = createHash('sha256').update(readFileSync('package-lock.json')).digest('hex');
const stamp = 'node_modules/.rpb-lock-sha256';
if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === lock) {
  console.log('viewer dependencies are installed (package-lock.json unchanged)');
} else {
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], { stdio: 'inherit' });
  writeFileSync(stamp, lock + '\n');
}
