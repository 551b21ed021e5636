import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

/** The layer rule messages raised for one file's source placed at `path`. */
async function layerErrors(path: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: join(root, path) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules (ARCHITECTURE §1)', () => {
  it('forbid electron in domain code but allow it in the shell', async () => {
    expect(
      await layerErrors('src-main/store/x.ts', "import { app } from 'electron';\nvoid app;\n"),
    ).toHaveLength(1);
    expect(
      await layerErrors('src-main/coordinator/x.ts', "import { w } from '../electron/window';\nvoid w;\n"),
    ).toHaveLength(1);
    expect(
      await layerErrors('src-main/electron/x.ts', "import { app } from 'electron';\nvoid app;\n"),
    ).toEqual([]);
    expect(await layerErrors('src-main/index.ts', "import { app } from 'electron';\nvoid app;\n")).toEqual(
      [],
    );
  });

  it('keep the renderer off src-main and node', async () => {
    expect(
      await layerErrors(
        'src-renderer/src/x.ts',
        "import { Session } from '../../src-main/coordinator/session';\nvoid Session;\n",
      ),
    ).toHaveLength(1);
    expect(
      await layerErrors(
        'src-renderer/src/x.ts',
        "import { readFileSync } from 'node:fs';\nvoid readFileSync;\n",
      ),
    ).toHaveLength(1);
    expect(
      await layerErrors(
        'src-renderer/src/x.ts',
        "import { Event } from '../../src-shared/models';\nvoid Event;\n",
      ),
    ).toEqual([]);
  });

  it('keep src-shared environment-neutral', async () => {
    expect(await layerErrors('src-shared/x.ts', "import { join } from 'path';\nvoid join;\n")).toHaveLength(
      1,
    );
    expect(
      await layerErrors('src-shared/x.ts', "import { ipcRenderer } from 'electron';\nvoid ipcRenderer;\n"),
    ).toHaveLength(1);
    expect(
      await layerErrors('src-shared/x.ts', "import { x } from '../src-main/store/paths';\nvoid x;\n"),
    ).toHaveLength(1);
    expect(
      await layerErrors('src-shared/x.ts', "import { Event } from './models/events';\nvoid Event;\n"),
    ).toEqual([]);
  });
});
