import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigOrDefaults, readConfigDocument, saveConfig } from './save-config';

const scratch = () => mkdtempSync(join(tmpdir(), 'orchestrator-config-'));

describe('saveConfig', () => {
  it('writes a valid config as the person wrote it, in a folder it creates', () => {
    const path = join(scratch(), 'nested', 'config.json');
    const result = saveConfig(path, '{ "limits": { "maxRecoveries": 5 } }');
    expect(result).toEqual({ saved: true, path });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ limits: { maxRecoveries: 5 } });
    expect(readdirSync(join(path, '..'))).toEqual(['config.json']);
  });

  it('refuses an invalid config with every issue at its field path, and leaves the file alone', () => {
    const dir = scratch();
    const path = join(dir, 'config.json');
    writeFileSync(path, '{}\n');
    const result = saveConfig(
      path,
      '{ "limits": { "cpuPercent": 400 }, "agents": { "mine": { "command": "x" } } }',
    );
    expect(result.saved).toBe(false);
    const paths = !result.saved ? result.issues.map((i) => i.path.join('.')) : [];
    expect(paths).toEqual(expect.arrayContaining(['limits.cpuPercent']));
    expect(readFileSync(path, 'utf8')).toBe('{}\n');
  });

  it('names a JSON syntax error at the top level', () => {
    const result = saveConfig(join(scratch(), 'config.json'), '{ "limits": ');
    expect(result).toMatchObject({ saved: false, issues: [{ path: [], message: /not valid JSON/ }] });
  });
});

describe('readConfigDocument', () => {
  it('offers the defaults when there is no file yet', () => {
    const document = readConfigDocument(join(scratch(), 'config.json'));
    expect(document.exists).toBe(false);
    expect(JSON.parse(document.text)).toMatchObject({ worktrees: true });
  });

  it('reports what is wrong with the file on disk, and the app falls back to the defaults', () => {
    const path = join(scratch(), 'config.json');
    writeFileSync(path, '{ "worktrees": "yes" }');
    expect(readConfigDocument(path).issues[0]?.path).toEqual(['worktrees']);
    expect(loadConfigOrDefaults(path).worktrees).toBe(true);
  });
});
