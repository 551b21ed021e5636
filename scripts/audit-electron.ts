// `npm run audit:electron`: Electronegativity over the app's sources, offline. Fails (exit 1) on any HIGH or
// MEDIUM finding that electronegativity-allowlist.json does not cover with a reason, on an allowlist entry
// that matches nothing any more, on a file the tool could not parse, and on any attempt to use the network.
//
// What is scanned: src-main, src-preload, src-renderer and src-shared (their tests left out: they are not
// shipped), package.json (its scripts are checked for dangerous Chromium switches), and src-renderer's
// index.html with the Content-Security-Policy meta tag the build writes into it, so the policy itself is
// evaluated. All in one scan, because Electronegativity's global checks (navigation limits, permission
// handler, CSP) look across every file at once. Not the built bundles: the tool cannot parse the main
// bundle's class private fields, and they are the same code.
//
// `--save-issues FILE` also writes the tool's raw issues as JSON (how test/fixtures/electronegativity was made).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { metaContentSecurityPolicy } from '../src-main/electron/content-security-policy';
import { formatVerdict, judge, parseAllowlist } from './electron-audit/findings';
import { scan } from './electron-audit/run';

const root = join(import.meta.dirname, '..');
const SOURCES = ['src-main', 'src-preload', 'src-renderer', 'src-shared'];
const ALLOWLIST = join(root, 'electronegativity-allowlist.json');

const isTest = (path: string): boolean => /\.test\.tsx?$/.test(basename(path));

/** The page as the build emits it: vite's csp-meta plugin puts the policy first in <head>. */
function withCspMeta(html: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${metaContentSecurityPolicy({ dev: false })}" />`;
  if (!html.includes('<head>')) throw new Error('src-renderer/index.html has no <head> for the CSP meta tag');
  return html.replace('<head>', `<head>\n    ${meta}`);
}

function stage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'electron-audit-'));
  for (const source of SOURCES) {
    cpSync(join(root, source), join(dir, source), {
      recursive: true,
      filter: (path) => !isTest(path) && basename(path) !== 'node_modules',
    });
  }
  writeFileSync(join(dir, 'package.json'), readFileSync(join(root, 'package.json')));
  const page = join(dir, 'src-renderer', 'index.html');
  writeFileSync(page, withCspMeta(readFileSync(page, 'utf8')));
  return dir;
}

async function main(): Promise<number> {
  const allowlist = parseAllowlist(readFileSync(ALLOWLIST, 'utf8'));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    devDependencies?: Record<string, string>;
  };
  const electronVersion = pkg.devDependencies?.electron?.replace(/^[\^~]/, '');
  if (!electronVersion) throw new Error('package.json pins no electron version');
  const reports = join(root, 'test-results');
  mkdirSync(reports, { recursive: true });

  const dir = stage();
  try {
    const result = await scan({
      input: dir,
      electronVersion,
      sarif: join(reports, 'electronegativity.sarif'),
    });
    const saveAt = process.argv.indexOf('--save-issues');
    if (saveAt !== -1) {
      const file = process.argv[saveAt + 1];
      if (!file) throw new Error('--save-issues needs a file');
      writeFileSync(file, `${JSON.stringify(result.rawIssues, null, 2)}\n`);
    }
    for (const line of result.log) process.stderr.write(`  (electronegativity) ${line}\n`);
    for (const error of result.errors.filter((e) => e.tolerable))
      process.stderr.write(`  note: parsed with warnings: ${error.file}: ${error.message}\n`);
    const verdict = judge(result.findings, allowlist, result.errors);
    process.stdout.write(`electronegativity ${electronVersion}: ${result.checks} checks\n`);
    process.stdout.write(`${formatVerdict(verdict)}\n`);
    let ok = verdict.ok;
    if (result.checks === 0) {
      process.stdout.write('FAIL Electronegativity loaded no checks\n');
      ok = false;
    }
    for (const attempt of result.networkAttempts) {
      process.stdout.write(`FAIL network access attempted (refused): ${attempt}\n`);
      ok = false;
    }
    return ok ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `electron audit failed to run: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
