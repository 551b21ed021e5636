// Runs Electronegativity in this process, offline. Two things in it would reach the network:
// - at every start it fetches translations for $LANG from an S3 bucket (no flag turns that off), through
//   the `got` HTTP client: `got` is replaced by a stand-in that always rejects, so it falls back to the
//   English strings it ships;
// - AvailableSecurityFixesGlobalCheck downloads Electron's release list: that check is excluded (it can only
//   say whether a newer Electron exists, which needs the network by nature).
// A tripwire on sockets and DNS records any other attempt and fails the run, so "offline" is checked on
// every run rather than assumed.
import dgram from 'node:dgram';
import dns from 'node:dns';
import Module, { createRequire } from 'node:module';
import net from 'node:net';
import { dirname } from 'node:path';
import { normalizeIssues, type Finding, type ParseError } from './findings';

const require = createRequire(import.meta.url);

/** Checks that need the network; see above. */
export const OFFLINE_EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

export interface ScanResult {
  findings: Finding[];
  /** The tool's issue objects as it returned them (for capturing test fixtures). */
  rawIssues: unknown[];
  errors: ParseError[];
  /** How many checks Electronegativity ran; 0 would mean it checked nothing. */
  checks: number;
  /** Connections or DNS look-ups something tried during the scan (each was refused). */
  networkAttempts: string[];
  /** What the tool printed, minus its note about the translations it could not fetch. */
  log: string[];
}

/**
 * Until the returned function is called, every socket connect, UDP send and DNS look-up in this process is
 * refused and recorded.
 */
export function installNetworkTripwire(attempts: string[]): () => void {
  const refuse = (what: string): never => {
    attempts.push(what);
    throw new Error(`network access refused during the Electron audit: ${what}`);
  };
  const describe = (args: unknown[]): string => {
    try {
      return JSON.stringify(args.filter((arg) => typeof arg !== 'function'));
    } catch {
      return String(args[0]);
    }
  };
  const originals = {
    connect: net.Socket.prototype.connect,
    send: dgram.Socket.prototype.send,
    lookup: dns.lookup,
    promisesLookup: dns.promises.lookup,
  };
  net.Socket.prototype.connect = function (...args: unknown[]) {
    return refuse(`connect ${describe(args)}`);
  } as typeof net.Socket.prototype.connect;
  dgram.Socket.prototype.send = function (...args: unknown[]) {
    return refuse(`udp send ${describe(args.slice(1))}`);
  } as typeof dgram.Socket.prototype.send;
  dns.lookup = ((host: string) => refuse(`dns lookup ${host}`)) as unknown as typeof dns.lookup;
  dns.promises.lookup = ((host: string) =>
    refuse(`dns lookup ${host}`)) as unknown as typeof dns.promises.lookup;
  return () => {
    net.Socket.prototype.connect = originals.connect;
    dgram.Socket.prototype.send = originals.send;
    dns.lookup = originals.lookup;
    dns.promises.lookup = originals.promisesLookup;
  };
}

const RUNNER = require.resolve('@doyensec/electronegativity');

/** Puts a `got` that always rejects into the module cache where Electronegativity resolves `got`. */
function stubGot(): void {
  const path = require.resolve('got', { paths: [dirname(RUNNER)] });
  const offline = (): Promise<never> =>
    Promise.reject(new Error('offline: the Electron audit fetches nothing'));
  const stub = Object.assign(offline, { get: offline, head: offline, post: offline });
  const module = new Module(path);
  module.filename = path;
  module.loaded = true;
  module.exports = stub;
  require.cache[path] = module;
}

interface RunnerOptions {
  input: string;
  output?: string;
  isSarif?: boolean;
  customScan?: string[];
  excludeFromScan?: string[];
  isRelative?: boolean;
  electronVersionOverride?: string;
  parserPlugins?: string[];
}
interface RunnerResult {
  globalChecks: number;
  atomicChecks: number;
  errors: ParseError[];
  issues: unknown[];
}

const TRANSLATIONS_NOTE = 'Could not retrieve updated translations for the current locale';

export interface ScanOptions {
  /** A folder laid out like the repository (findings name files relative to it). */
  input: string;
  /** The Electron version the checks assume (the one package.json pins). */
  electronVersion: string;
  /** Also write Electronegativity's own SARIF report here. */
  sarif?: string;
}

/** Runs every offline check of Electronegativity over `input`, with the network refused throughout. */
export async function scan(options: ScanOptions): Promise<ScanResult> {
  const networkAttempts: string[] = [];
  const log: string[] = [];
  const restoreNetwork = installNetworkTripwire(networkAttempts);
  // It prints progress and notes with console.log and winston; keep them for the report instead.
  const { log: consoleLog, warn: consoleWarn, error: consoleError } = console;
  const keep = (...args: unknown[]): void => {
    const line = args.map(String).join(' ');
    if (line !== TRANSLATIONS_NOTE) log.push(line);
  };
  console.log = keep;
  console.warn = keep;
  console.error = keep;
  try {
    stubGot();
    const run = require(RUNNER) as (options: RunnerOptions, forCli?: boolean) => Promise<RunnerResult>;
    const result = await run({
      input: options.input,
      ...(options.sarif ? { output: options.sarif, isSarif: true } : {}),
      customScan: [],
      excludeFromScan: OFFLINE_EXCLUDED_CHECKS,
      isRelative: true,
      electronVersionOverride: options.electronVersion,
      parserPlugins: [],
    });
    return {
      findings: normalizeIssues(result.issues),
      rawIssues: result.issues,
      errors: result.errors,
      checks: result.globalChecks + result.atomicChecks,
      networkAttempts,
      log,
    };
  } finally {
    console.log = consoleLog;
    console.warn = consoleWarn;
    console.error = consoleError;
    restoreNetwork();
  }
}
